# ruff: noqa: E501 - prose data: long Vietnamese sentences read better unwrapped.
"""Demo content of the portal: topics, guidance, standard pages and site settings.

Written for this project. Vietnamese is the source language; a few pages have an
English version to show the translation workflow. Body blocks use StreamField's raw
format (``{"type": ..., "value": ...}``).
"""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]


def heading(text: str, level: str = "h2") -> Block:
    """A heading block."""
    return {"type": "heading", "value": {"text": text, "level": level}}


def para(html: str) -> Block:
    """A rich-text block."""
    return {"type": "paragraph", "value": html}


def callout(kind: str, title: str, html: str) -> Block:
    """A call-out block (tip, important or warning)."""
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def steps(title: str, items: list[tuple[str, str]]) -> Block:
    """A numbered-steps block from (title, html) pairs."""
    return {
        "type": "steps",
        "value": {"title": title, "steps": [{"title": t, "text": x} for t, x in items]},
    }


def service(title: str, url: str, provider: str, description: str) -> Block:
    """A link to an online service."""
    return {
        "type": "service_link",
        "value": {"title": title, "url": url, "provider": provider, "description": description},
    }


def faq(title: str, items: list[tuple[str, str]]) -> Block:
    """A FAQ block from (question, answer html) pairs."""
    return {
        "type": "faq",
        "value": {"title": title, "questions": [{"question": q, "answer": a} for q, a in items]},
    }


TOPICS: list[dict[str, Any]] = [
    {
        "slug": "dich-vu-cong-truc-tuyen",
        "name": "Dịch vụ công trực tuyến",
        "name_en": "Online public services",
        "dimension_key": "public_services",
        "description": "Thủ tục hành chính trực tuyến, chữ ký số, tài khoản định danh của tổ chức.",
        "description_en": "Online administrative procedures, digital signatures, organisation e-ID.",
    },
    {
        "slug": "quy-hoach-dat-dai",
        "name": "Quy hoạch, đầu tư và đất đai",
        "name_en": "Planning, investment and land",
        "dimension_key": "planning_land",
        "description": "Tra cứu quy hoạch, thông tin đầu tư và thông tin đất đai.",
        "description_en": "Looking up planning, investment and land information.",
    },
    {
        "slug": "thuong-mai-dien-tu",
        "name": "Thương mại điện tử",
        "name_en": "E-commerce",
        "dimension_key": "ecommerce",
        "description": "Bán hàng trực tuyến, sàn thương mại điện tử, truy xuất nguồn gốc.",
        "description_en": "Online sales, marketplaces, traceability.",
    },
    {
        "slug": "thanh-toan-hoa-don-dien-tu",
        "name": "Thanh toán và hóa đơn điện tử",
        "name_en": "Payments and e-invoices",
        "dimension_key": "payments",
        "description": "Thanh toán không dùng tiền mặt và hóa đơn điện tử.",
        "description_en": "Cashless payments and electronic invoices.",
    },
    {
        "slug": "quan-tri-so",
        "name": "Quản trị số",
        "name_en": "Digital management",
        "dimension_key": "operations",
        "description": "Kế toán, quản lý kho, quản lý thành viên hợp tác xã bằng công cụ số.",
        "description_en": "Accounting, inventory and co-op member management with digital tools.",
    },
    {
        "slug": "ky-nang-so",
        "name": "Kỹ năng số",
        "name_en": "Digital skills",
        "dimension_key": "skills",
        "description": "Kỹ năng số của chủ doanh nghiệp và người lao động.",
        "description_en": "Digital skills of owners and staff.",
    },
    {
        "slug": "an-toan-du-lieu",
        "name": "Dữ liệu và an toàn thông tin",
        "name_en": "Data and cybersecurity",
        "dimension_key": "data_security",
        "description": "Bảo vệ tài khoản, sao lưu dữ liệu, phòng tránh lừa đảo trực tuyến.",
        "description_en": "Protecting accounts, backing up data, avoiding online fraud.",
    },
    {
        "slug": "chien-luoc-chuyen-doi-so",
        "name": "Chiến lược chuyển đổi số",
        "name_en": "Digital strategy",
        "dimension_key": "strategy",
        "description": "Lập kế hoạch và dẫn dắt chuyển đổi số trong tổ chức.",
        "description_en": "Planning and leading digital transformation.",
    },
]

ALL_KINDS = ["enterprise", "cooperative", "coop_group", "household"]

GUIDANCE_INDEX = {
    "vi": {
        "slug": "huong-dan",
        "title": "Hướng dẫn chuyển đổi số",
        "intro": (
            "<p>Các bài hướng dẫn ngắn, từng bước, do Trung tâm Hỗ trợ doanh nghiệp biên soạn "
            "cho doanh nghiệp nhỏ, hợp tác xã và hộ kinh doanh.</p>"
        ),
    },
    "en": {
        "slug": "guidance",
        "title": "Digital transformation guidance",
        "intro": (
            "<p>Short, step-by-step guidance written by the Business Support Center for small "
            "businesses, co-operatives and household businesses.</p>"
        ),
    },
}

# Vietnamese guidance pages; "en" holds the English version where there is one.
GUIDANCE: list[dict[str, Any]] = [
    {
        "slug": "dang-ky-tai-khoan-dinh-danh-to-chuc",
        "title": "Đăng ký tài khoản định danh điện tử cho tổ chức",
        "summary": (
            "Tài khoản định danh điện tử của tổ chức giúp doanh nghiệp, hợp tác xã đăng nhập "
            "Cổng Dịch vụ công và nộp hồ sơ trực tuyến mà không phải đến trụ sở cơ quan nhà nước."
        ),
        "topics": ["dich-vu-cong-truc-tuyen"],
        "kinds": ["enterprise", "cooperative"],
        "body": [
            para(
                "<p>Từ năm 2025, doanh nghiệp và hợp tác xã dùng tài khoản định danh điện tử "
                "của tổ chức để đăng nhập Cổng Dịch vụ công quốc gia và cổng dịch vụ công của "
                "tỉnh. Người đại diện theo pháp luật đăng ký tài khoản này trên ứng dụng "
                "VNeID bằng tài khoản định danh mức 2 của chính mình.</p>"
            ),
            heading("Cần chuẩn bị gì"),
            para(
                "<ul><li>Điện thoại cài ứng dụng VNeID, đã kích hoạt tài khoản định danh "
                "mức 2 của người đại diện theo pháp luật;</li><li>mã số thuế hoặc mã số hợp "
                "tác xã;</li><li>thông tin trên giấy chứng nhận đăng ký doanh nghiệp hoặc "
                "hợp tác xã.</li></ul>"
            ),
            steps(
                "Các bước đăng ký",
                [
                    (
                        "Mở ứng dụng VNeID",
                        "<p>Đăng nhập bằng tài khoản mức 2 của người đại diện theo pháp luật.</p>",
                    ),
                    (
                        "Chọn đăng ký tài khoản cho tổ chức",
                        "<p>Trong mục thủ tục hành chính, chọn đăng ký tài khoản định danh "
                        "điện tử cho tổ chức.</p>",
                    ),
                    (
                        "Khai báo thông tin tổ chức",
                        "<p>Nhập mã số thuế, kiểm tra tên và địa chỉ trụ sở hiện ra, bổ sung "
                        "thư điện tử và số điện thoại liên hệ.</p>",
                    ),
                    (
                        "Xác nhận và chờ kết quả",
                        "<p>Kết quả được gửi về ứng dụng VNeID. Khi được duyệt, tổ chức dùng "
                        "tài khoản này để đăng nhập các cổng dịch vụ công.</p>",
                    ),
                ],
            ),
            callout(
                "important",
                "Ai được đăng ký",
                "<p>Chỉ người đại diện theo pháp luật đăng ký được. Sau đó có thể ủy quyền "
                "cho kế toán hoặc nhân viên làm thủ tục thay.</p>",
            ),
            service(
                "Cổng Dịch vụ công quốc gia",
                "https://dichvucong.gov.vn/",
                "Văn phòng Chính phủ",
                "Đăng nhập bằng tài khoản định danh của tổ chức để nộp và theo dõi hồ sơ.",
            ),
            faq(
                "Câu hỏi thường gặp",
                [
                    (
                        "Hộ kinh doanh có cần tài khoản của tổ chức không?",
                        "<p>Không. Hộ kinh doanh dùng tài khoản định danh cá nhân của chủ hộ.</p>",
                    ),
                    (
                        "Đăng ký có mất phí không?",
                        "<p>Không. Việc đăng ký tài khoản định danh điện tử là miễn phí.</p>",
                    ),
                ],
            ),
        ],
        "en": {
            "slug": "register-organisation-e-id-account",
            "title": "Registering an organisation's electronic identification account",
            "summary": (
                "An organisation e-ID account lets a business or co-operative sign in to the "
                "public service portals and file applications online instead of queuing at an "
                "office."
            ),
            "body": [
                para(
                    "<p>Since 2025, businesses and co-operatives sign in to the National Public "
                    "Service Portal and the province's portal with an organisation e-ID account. "
                    "The legal representative registers it in the VNeID app with their own "
                    "level-2 personal account.</p>"
                ),
                steps(
                    "How to register",
                    [
                        ("Open VNeID", "<p>Sign in with the legal representative's account.</p>"),
                        (
                            "Choose the organisation account",
                            "<p>Under administrative procedures, choose the e-ID account for "
                            "an organisation.</p>",
                        ),
                        (
                            "Enter the organisation's details",
                            "<p>Type the tax code, check the name and address shown, add an "
                            "e-mail address and a phone number.</p>",
                        ),
                        (
                            "Confirm and wait",
                            "<p>The result arrives in the VNeID app.</p>",
                        ),
                    ],
                ),
                service(
                    "National Public Service Portal",
                    "https://dichvucong.gov.vn/",
                    "Government Office",
                    "Sign in with the organisation account to file and follow applications.",
                ),
            ],
        },
    },
    {
        "slug": "nop-ho-so-tren-cong-dich-vu-cong",
        "title": "Nộp hồ sơ thủ tục hành chính trên Cổng Dịch vụ công",
        "summary": (
            "Cách tìm đúng thủ tục, nộp hồ sơ, thanh toán lệ phí và theo dõi kết quả trực tuyến, "
            "không phải đi lại nhiều lần."
        ),
        "topics": ["dich-vu-cong-truc-tuyen"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Phần lớn thủ tục liên quan đến đăng ký kinh doanh, thuế, bảo hiểm xã hội "
                "và đất đai đã có thể nộp trực tuyến. Hồ sơ trực tuyến có giá trị như hồ sơ "
                "giấy, và bạn biết hồ sơ đang được xử lý ở khâu nào.</p>"
            ),
            steps(
                "Nộp một hồ sơ",
                [
                    (
                        "Đăng nhập",
                        "<p>Dùng tài khoản định danh điện tử của tổ chức hoặc cá nhân.</p>",
                    ),
                    (
                        "Tìm thủ tục",
                        "<p>Gõ tên thủ tục vào ô tìm kiếm và chọn đúng cơ quan giải quyết tại tỉnh.</p>",
                    ),
                    (
                        "Điền tờ khai và đính kèm giấy tờ",
                        "<p>Chụp hoặc quét giấy tờ rõ nét, đặt tên tệp dễ hiểu.</p>",
                    ),
                    (
                        "Thanh toán lệ phí trực tuyến",
                        "<p>Thanh toán qua ngân hàng hoặc ví điện tử ngay trên cổng.</p>",
                    ),
                    ("Theo dõi hồ sơ", "<p>Tra cứu tiến độ bằng mã hồ sơ được cấp.</p>"),
                ],
            ),
            callout(
                "tip",
                "Mẹo",
                "<p>Nếu chưa quen thao tác, hãy nhờ Tổ công nghệ số cộng đồng ở xã, phường "
                "hướng dẫn lần đầu.</p>",
            ),
            service(
                "Cổng Dịch vụ công quốc gia",
                "https://dichvucong.gov.vn/",
                "Văn phòng Chính phủ",
                "Tìm thủ tục, nộp hồ sơ và thanh toán lệ phí trực tuyến.",
            ),
        ],
    },
    {
        "slug": "su-dung-chu-ky-so",
        "title": "Sử dụng chữ ký số trong giao dịch điện tử",
        "summary": (
            "Chữ ký số giúp ký hợp đồng, tờ khai thuế, hóa đơn và hồ sơ trực tuyến có giá trị "
            "pháp lý mà không cần in ra giấy."
        ),
        "topics": ["dich-vu-cong-truc-tuyen"],
        "kinds": ["enterprise", "cooperative"],
        "body": [
            para(
                "<p>Chữ ký số do một tổ chức cung cấp dịch vụ chứng thực chữ ký số cấp. Hiện "
                "có hai loại phổ biến: chữ ký số dạng thiết bị cắm vào máy tính (USB token) và "
                "chữ ký số từ xa ký được trên điện thoại.</p>"
            ),
            heading("Chọn loại chữ ký số"),
            para(
                "<p>Nếu kế toán thường làm việc tại văn phòng, USB token là đủ. Nếu chủ "
                "doanh nghiệp hay đi vắng và cần ký trên điện thoại, nên chọn chữ ký số từ xa.</p>"
            ),
            steps(
                "Đăng ký chữ ký số",
                [
                    ("So sánh nhà cung cấp", "<p>Hỏi giá theo thời hạn 1, 2 hoặc 3 năm.</p>"),
                    (
                        "Chuẩn bị hồ sơ",
                        "<p>Giấy chứng nhận đăng ký, căn cước của người đại diện theo pháp luật.</p>",
                    ),
                    (
                        "Kích hoạt và thử ký",
                        "<p>Ký thử một tờ khai thuế hoặc một hóa đơn nháp để kiểm tra.</p>",
                    ),
                ],
            ),
            callout(
                "warning",
                "Giữ an toàn",
                "<p>Không đưa mã PIN chữ ký số cho người khác. Người giữ mã PIN có thể ký thay "
                "doanh nghiệp.</p>",
            ),
        ],
    },
    {
        "slug": "tra-cuu-quy-hoach-dat-dai",
        "title": "Tra cứu thông tin quy hoạch và đất đai trực tuyến",
        "summary": (
            "Trước khi thuê đất, mở rộng nhà xưởng hay mua mặt bằng, hãy kiểm tra quy hoạch sử "
            "dụng đất và thông tin thửa đất trên các cổng thông tin chính thức."
        ),
        "topics": ["quy-hoach-dat-dai"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Quy hoạch sử dụng đất cho biết một khu đất được dùng vào mục đích gì trong "
                "những năm tới. Biết trước điều này giúp tránh đầu tư vào nơi sắp bị thu hồi "
                "hoặc không được phép xây dựng nhà xưởng.</p>"
            ),
            steps(
                "Tra cứu một thửa đất",
                [
                    (
                        "Vào cổng thông tin quy hoạch của tỉnh, thành phố",
                        "<p>Tìm trên trang của Sở Nông nghiệp và Môi trường hoặc cổng thông tin "
                        "điện tử của địa phương.</p>",
                    ),
                    (
                        "Tìm vị trí",
                        "<p>Nhập số tờ, số thửa trên giấy chứng nhận hoặc chọn trên bản đồ.</p>",
                    ),
                    (
                        "Đọc chú giải",
                        "<p>Mỗi màu trên bản đồ ứng với một loại đất; xem bảng chú giải bên cạnh.</p>",
                    ),
                    (
                        "Xin thông tin chính thức khi cần",
                        "<p>Kết quả tra cứu trực tuyến chỉ để tham khảo. Khi ký hợp đồng, hãy "
                        "đề nghị cơ quan đất đai cung cấp thông tin bằng văn bản.</p>",
                    ),
                ],
            ),
            callout(
                "important",
                "Địa giới mới",
                "<p>Từ năm 2025 nhiều địa phương đã sắp xếp lại đơn vị hành chính. Hãy tra cứu "
                "theo tên xã, phường mới.</p>",
            ),
        ],
    },
    {
        "slug": "tim-hieu-thong-tin-dau-tu",
        "title": "Tìm hiểu thông tin đầu tư và chính sách hỗ trợ của địa phương",
        "summary": (
            "Nơi tìm danh mục dự án kêu gọi đầu tư, khu, cụm công nghiệp và các chính sách hỗ "
            "trợ doanh nghiệp nhỏ và vừa, hợp tác xã đang áp dụng."
        ),
        "topics": ["quy-hoach-dat-dai", "chien-luoc-chuyen-doi-so"],
        "kinds": ["enterprise", "cooperative"],
        "body": [
            para(
                "<p>Thông tin đầu tư được công bố trên cổng thông tin điện tử của địa phương và "
                "của Sở Tài chính. Doanh nghiệp nhỏ và vừa còn được hỗ trợ tư vấn, đào tạo và "
                "chuyển đổi số theo Luật Hỗ trợ doanh nghiệp nhỏ và vừa.</p>"
            ),
            heading("Những gì nên xem"),
            para(
                "<ul><li>danh mục dự án kêu gọi đầu tư và vị trí các cụm công nghiệp;</li>"
                "<li>chương trình hỗ trợ chuyển đổi số đang mở đăng ký;</li><li>lịch các buổi "
                "đối thoại giữa chính quyền và doanh nghiệp.</li></ul>"
            ),
            callout(
                "tip",
                "Hỏi Trung tâm",
                "<p>Trung tâm Hỗ trợ doanh nghiệp giúp bạn biết chính sách nào phù hợp và cách "
                "lập hồ sơ đề nghị hỗ trợ.</p>",
            ),
        ],
    },
    {
        "slug": "dua-san-pham-len-san-thuong-mai-dien-tu",
        "title": "Đưa sản phẩm lên sàn thương mại điện tử",
        "summary": (
            "Từng bước mở gian hàng, chụp ảnh, viết mô tả và định giá để bán sản phẩm của hợp "
            "tác xã hoặc hộ kinh doanh trên sàn thương mại điện tử."
        ),
        "topics": ["thuong-mai-dien-tu"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Sàn thương mại điện tử giúp sản phẩm địa phương đến với người mua ở khắp cả "
                "nước. Bắt đầu với vài sản phẩm bán chạy nhất, làm tốt rồi mới mở rộng.</p>"
            ),
            steps(
                "Mở gian hàng",
                [
                    (
                        "Chọn sàn phù hợp",
                        "<p>Xem sàn nào có nhiều người mua mặt hàng của bạn; có thể bắt đầu với "
                        "một sàn.</p>",
                    ),
                    (
                        "Đăng ký tài khoản người bán",
                        "<p>Chuẩn bị mã số thuế, tài khoản ngân hàng đứng tên doanh nghiệp, hợp "
                        "tác xã hoặc chủ hộ.</p>",
                    ),
                    (
                        "Chụp ảnh sản phẩm",
                        "<p>Chụp dưới ánh sáng tự nhiên, nền đơn giản, đủ các mặt của bao bì.</p>",
                    ),
                    (
                        "Viết mô tả trung thực",
                        "<p>Ghi rõ khối lượng, thành phần, hạn dùng, cách bảo quản và nơi sản xuất.</p>",
                    ),
                    (
                        "Tính giá và phí vận chuyển",
                        "<p>Cộng phí sàn, phí thanh toán và chi phí đóng gói trước khi định giá.</p>",
                    ),
                ],
            ),
            callout(
                "important",
                "Nghĩa vụ thuế",
                "<p>Doanh thu bán hàng trên sàn phải kê khai thuế như doanh thu bán hàng khác. "
                "Một số sàn khấu trừ và nộp thuế thay cho hộ kinh doanh.</p>",
            ),
            faq(
                "Câu hỏi thường gặp",
                [
                    (
                        "Sản phẩm OCOP có được ưu tiên không?",
                        "<p>Nhiều sàn có gian hàng riêng cho sản phẩm OCOP và đặc sản vùng miền.</p>",
                    ),
                    (
                        "Tôi không có thời gian trả lời khách thì sao?",
                        "<p>Cài tin nhắn trả lời tự động cho các câu hỏi hay gặp và phân công "
                        "một thành viên trực gian hàng theo ca.</p>",
                    ),
                ],
            ),
        ],
        "en": {
            "slug": "selling-on-an-e-commerce-marketplace",
            "title": "Listing your products on an e-commerce marketplace",
            "summary": (
                "Step by step: open a shop, take photos, write descriptions and set prices to "
                "sell a co-operative's or household business's products on a marketplace."
            ),
            "body": [
                para(
                    "<p>Marketplaces bring local products to buyers across the country. Start "
                    "with your few best sellers and grow from there.</p>"
                ),
                steps(
                    "Opening a shop",
                    [
                        ("Choose a marketplace", "<p>Find where buyers of your products shop.</p>"),
                        (
                            "Register as a seller",
                            "<p>Have your tax code and a bank account in the business's name.</p>",
                        ),
                        ("Photograph the products", "<p>Natural light, a plain background.</p>"),
                        (
                            "Write honest descriptions",
                            "<p>Weight, ingredients, shelf life, storage and origin.</p>",
                        ),
                        (
                            "Price with all costs",
                            "<p>Add marketplace, payment and packaging fees before pricing.</p>",
                        ),
                    ],
                ),
            ],
        },
    },
    {
        "slug": "truy-xuat-nguon-goc-nong-san",
        "title": "Gắn mã truy xuất nguồn gốc cho nông sản",
        "summary": (
            "Mã QR truy xuất nguồn gốc cho người mua biết sản phẩm được trồng, chế biến ở đâu "
            "và khi nào, giúp hợp tác xã bán được giá tốt hơn."
        ),
        "topics": ["thuong-mai-dien-tu"],
        "kinds": ["cooperative", "coop_group", "household"],
        "body": [
            para(
                "<p>Người mua và các chuỗi siêu thị ngày càng yêu cầu thông tin về nguồn gốc. "
                "Một mã QR trên bao bì dẫn đến trang ghi rõ vùng trồng, quy trình chăm sóc, "
                "ngày thu hoạch và đơn vị đóng gói.</p>"
            ),
            steps(
                "Bắt đầu truy xuất nguồn gốc",
                [
                    (
                        "Ghi nhật ký sản xuất",
                        "<p>Ghi chép việc bón phân, phun thuốc, thu hoạch ngay trên điện thoại.</p>",
                    ),
                    (
                        "Chọn hệ thống truy xuất",
                        "<p>Ưu tiên hệ thống kết nối được với cổng truy xuất nguồn gốc của tỉnh.</p>",
                    ),
                    ("In và dán tem", "<p>Mỗi lô hàng có một mã riêng.</p>"),
                ],
            ),
            callout(
                "tip",
                "Làm chung cả hợp tác xã",
                "<p>Khi mọi thành viên cùng ghi nhật ký, hợp tác xã có thể đăng ký mã vùng "
                "trồng và đáp ứng yêu cầu xuất khẩu dễ hơn.</p>",
            ),
        ],
    },
    {
        "slug": "phat-hanh-hoa-don-dien-tu",
        "title": "Phát hành hóa đơn điện tử",
        "summary": (
            "Doanh nghiệp, hợp tác xã và nhiều hộ kinh doanh phải dùng hóa đơn điện tử. Bài này "
            "hướng dẫn chọn nhà cung cấp, đăng ký với cơ quan thuế và lập hóa đơn đầu tiên."
        ),
        "topics": ["thanh-toan-hoa-don-dien-tu"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Hóa đơn điện tử được lập, ký và gửi cho người mua hoàn toàn trên máy tính "
                "hoặc điện thoại. Hóa đơn có mã của cơ quan thuế được kiểm tra ngay khi phát "
                "hành, nên người mua tra cứu được tính hợp lệ.</p>"
            ),
            steps(
                "Bắt đầu dùng hóa đơn điện tử",
                [
                    (
                        "Chọn nhà cung cấp phần mềm hóa đơn",
                        "<p>So sánh giá theo số lượng hóa đơn và khả năng kết nối với phần mềm "
                        "kế toán, bán hàng.</p>",
                    ),
                    (
                        "Đăng ký sử dụng với cơ quan thuế",
                        "<p>Nộp tờ khai đăng ký qua phần mềm của nhà cung cấp, ký bằng chữ ký số.</p>",
                    ),
                    (
                        "Chờ chấp nhận",
                        "<p>Cơ quan thuế gửi thông báo chấp nhận qua thư điện tử.</p>",
                    ),
                    (
                        "Lập hóa đơn đầu tiên",
                        "<p>Kiểm tra kỹ tên, mã số thuế và địa chỉ người mua trước khi ký.</p>",
                    ),
                ],
            ),
            callout(
                "warning",
                "Lập sai thì sao",
                "<p>Không xóa hóa đơn đã gửi. Hãy lập hóa đơn điều chỉnh hoặc thay thế theo "
                "hướng dẫn của phần mềm.</p>",
            ),
            service(
                "Tra cứu hóa đơn điện tử",
                "https://hoadondientu.gdt.gov.vn/",
                "Tổng cục Thuế",
                "Kiểm tra một hóa đơn điện tử có hợp lệ hay không.",
            ),
        ],
        "en": {
            "slug": "issuing-e-invoices",
            "title": "Issuing electronic invoices",
            "summary": (
                "Businesses, co-operatives and many household businesses must use e-invoices. "
                "How to choose a provider, register with the tax authority and issue your first "
                "invoice."
            ),
            "body": [
                para(
                    "<p>An e-invoice is created, signed and sent to the buyer entirely online. "
                    "Invoices coded by the tax authority are checked when issued, so buyers can "
                    "verify them.</p>"
                ),
                steps(
                    "Getting started",
                    [
                        (
                            "Choose an invoicing provider",
                            "<p>Compare prices and links to your accounting software.</p>",
                        ),
                        (
                            "Register with the tax authority",
                            "<p>File the registration through the provider's software, signed "
                            "with your digital signature.</p>",
                        ),
                        ("Wait for acceptance", "<p>The notice arrives by e-mail.</p>"),
                        ("Issue your first invoice", "<p>Check the buyer's tax code first.</p>"),
                    ],
                ),
                service(
                    "E-invoice lookup",
                    "https://hoadondientu.gdt.gov.vn/",
                    "General Department of Taxation",
                    "Check whether an e-invoice is valid.",
                ),
            ],
        },
    },
    {
        "slug": "nhan-thanh-toan-bang-ma-qr",
        "title": "Nhận thanh toán bằng mã QR",
        "summary": (
            "Mã QR ngân hàng giúp cửa hàng nhận tiền ngay, không phải thối tiền lẻ và dễ đối "
            "chiếu doanh thu cuối ngày."
        ),
        "topics": ["thanh-toan-hoa-don-dien-tu"],
        "kinds": ["household", "coop_group", "cooperative"],
        "body": [
            para(
                "<p>Hầu hết ngân hàng đều cấp miễn phí mã QR cho tài khoản thanh toán. Người mua "
                "quét mã bằng ứng dụng ngân hàng hoặc ví điện tử và chuyển tiền trong vài giây.</p>"
            ),
            steps(
                "Dùng mã QR tại quầy",
                [
                    (
                        "Mở tài khoản riêng cho việc kinh doanh",
                        "<p>Tách tiền hàng với tiền gia đình.</p>",
                    ),
                    ("In mã QR và đặt ở quầy", "<p>Dán nơi khách dễ quét, tránh bị che.</p>"),
                    (
                        "Bật thông báo biến động số dư",
                        "<p>Chỉ giao hàng khi đã nhận thông báo tiền về.</p>",
                    ),
                ],
            ),
            callout(
                "warning",
                "Cẩn thận lừa đảo",
                "<p>Kẻ gian có thể dán mã QR giả đè lên mã của bạn. Thỉnh thoảng kiểm tra lại "
                "tem mã QR tại quầy.</p>",
            ),
        ],
    },
    {
        "slug": "quan-ly-ke-toan-va-kho-bang-phan-mem",
        "title": "Quản lý kế toán và kho hàng bằng phần mềm",
        "summary": (
            "Phần mềm kế toán và quản lý kho trên nền tảng đám mây giúp biết ngay tồn kho, công "
            "nợ và lãi lỗ, thay cho sổ tay và bảng tính rời rạc."
        ),
        "topics": ["quan-tri-so"],
        "kinds": ["enterprise", "cooperative"],
        "body": [
            para(
                "<p>Khi số liệu nằm ở một nơi, chủ doanh nghiệp xem được tình hình kinh doanh "
                "trên điện thoại, còn kế toán lập báo cáo thuế nhanh hơn.</p>"
            ),
            heading("Chọn phần mềm"),
            para(
                "<ul><li>có kết nối với hóa đơn điện tử và ngân hàng;</li><li>có bản dùng thử "
                "miễn phí;</li><li>có người hỗ trợ bằng tiếng Việt khi gặp sự cố.</li></ul>"
            ),
            steps(
                "Chuyển sang phần mềm",
                [
                    ("Chốt số dư đầu kỳ", "<p>Kiểm kê kho và đối chiếu công nợ.</p>"),
                    ("Nhập danh mục", "<p>Hàng hóa, khách hàng, nhà cung cấp.</p>"),
                    (
                        "Chạy song song một tháng",
                        "<p>Vẫn ghi sổ cũ để so sánh, sau đó chỉ dùng phần mềm.</p>",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "quan-ly-thanh-vien-hop-tac-xa",
        "title": "Quản lý thành viên hợp tác xã bằng công cụ số",
        "summary": (
            "Danh sách thành viên, phần vốn góp, sản lượng giao nộp và lịch họp được quản lý "
            "trên một công cụ chung, minh bạch với mọi thành viên."
        ),
        "topics": ["quan-tri-so"],
        "kinds": ["cooperative", "coop_group"],
        "body": [
            para(
                "<p>Hợp tác xã làm việc với nhiều thành viên, mỗi người góp vốn và giao sản "
                "phẩm khác nhau. Ghi chép trên công cụ số giúp chia lợi nhuận đúng và giảm "
                "tranh chấp.</p>"
            ),
            steps(
                "Bắt đầu",
                [
                    (
                        "Lập danh sách thành viên",
                        "<p>Họ tên, số điện thoại, phần vốn góp, diện tích canh tác.</p>",
                    ),
                    (
                        "Ghi sản lượng giao nộp",
                        "<p>Mỗi lần thu mua ghi ngay trên điện thoại, thành viên nhận tin nhắn xác nhận.</p>",
                    ),
                    (
                        "Lập nhóm trao đổi",
                        "<p>Thông báo lịch họp, giá thu mua và kỹ thuật trong một nhóm chung.</p>",
                    ),
                ],
            ),
            callout(
                "important",
                "Bảo vệ dữ liệu cá nhân",
                "<p>Chỉ người được giao nhiệm vụ mới xem được số căn cước và số tài khoản của "
                "thành viên.</p>",
            ),
        ],
    },
    {
        "slug": "nang-cao-ky-nang-so-cho-nguoi-lao-dong",
        "title": "Nâng cao kỹ năng số cho người lao động",
        "summary": (
            "Các khóa học miễn phí, sự hỗ trợ của Tổ công nghệ số cộng đồng và cách tổ chức học "
            "tại chỗ giúp người lao động tự tin dùng công cụ số."
        ),
        "topics": ["ky-nang-so"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Công cụ tốt đến đâu cũng không hiệu quả nếu người dùng chưa quen. Kỹ năng "
                "số cơ bản gồm dùng thư điện tử, lưu trữ tài liệu trực tuyến, họp trực tuyến và "
                "nhận biết lừa đảo.</p>"
            ),
            steps(
                "Kế hoạch học tập đơn giản",
                [
                    (
                        "Hỏi mọi người cần gì",
                        "<p>Mỗi người nêu một việc muốn làm được trên máy.</p>",
                    ),
                    (
                        "Tận dụng khóa học miễn phí",
                        "<p>Nền tảng học trực tuyến mở đại trà có nhiều khóa kỹ năng số cơ bản.</p>",
                    ),
                    (
                        "Mời Tổ công nghệ số cộng đồng",
                        "<p>Tổ ở xã, phường có thể hướng dẫn trực tiếp tại hợp tác xã.</p>",
                    ),
                ],
            ),
            service(
                "Nền tảng học trực tuyến mở đại trà",
                "https://onedx.edu.vn/",
                "Bộ Khoa học và Công nghệ",
                "Các khóa học kỹ năng số miễn phí cho mọi người.",
            ),
        ],
    },
    {
        "slug": "bao-ve-tai-khoan-va-du-lieu",
        "title": "Bảo vệ tài khoản và dữ liệu của doanh nghiệp",
        "summary": (
            "Năm thói quen đơn giản giúp doanh nghiệp nhỏ tránh mất dữ liệu và bị chiếm đoạt "
            "tài khoản: mật khẩu mạnh, xác thực hai lớp, sao lưu, cập nhật và cảnh giác với lừa đảo."
        ),
        "topics": ["an-toan-du-lieu"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Doanh nghiệp nhỏ thường nghĩ mình không phải mục tiêu, nhưng kẻ gian nhắm "
                "vào chính những nơi ít phòng bị. Mất tài khoản ngân hàng hay trang bán hàng có "
                "thể làm gián đoạn kinh doanh nhiều tuần.</p>"
            ),
            steps(
                "Năm việc nên làm ngay",
                [
                    (
                        "Dùng mật khẩu dài, khác nhau cho mỗi tài khoản",
                        "<p>Dùng trình quản lý mật khẩu.</p>",
                    ),
                    ("Bật xác thực hai lớp", "<p>Cho thư điện tử, ngân hàng và mạng xã hội.</p>"),
                    ("Sao lưu dữ liệu hằng tuần", "<p>Giữ một bản sao ở nơi khác.</p>"),
                    (
                        "Cập nhật phần mềm",
                        "<p>Bật cập nhật tự động trên máy tính và điện thoại.</p>",
                    ),
                    (
                        "Kiểm tra trước khi chuyển tiền",
                        "<p>Gọi lại số quen biết khi nhận yêu cầu chuyển tiền bất thường.</p>",
                    ),
                ],
            ),
            callout(
                "warning",
                "Lừa đảo mạo danh",
                "<p>Cơ quan nhà nước không yêu cầu cài ứng dụng hay chuyển tiền qua điện thoại. "
                "Khi nghi ngờ, hãy gọi Trung tâm để được tư vấn.</p>",
            ),
        ],
    },
    {
        "slug": "lap-ke-hoach-chuyen-doi-so",
        "title": "Lập kế hoạch chuyển đổi số cho doanh nghiệp nhỏ",
        "summary": (
            "Chuyển đổi số không bắt đầu từ công nghệ mà từ những việc tốn thời gian nhất. "
            "Cách lập một kế hoạch một trang, làm trong 6 tháng."
        ),
        "topics": ["chien-luoc-chuyen-doi-so"],
        "kinds": ALL_KINDS,
        "body": [
            para(
                "<p>Một kế hoạch chuyển đổi số tốt cho doanh nghiệp nhỏ chỉ cần một trang: vài "
                "mục tiêu rõ ràng, người chịu trách nhiệm và thời hạn. Kết quả tự đánh giá trên "
                "cổng này là điểm xuất phát.</p>"
            ),
            steps(
                "Kế hoạch một trang",
                [
                    ("Tự đánh giá", "<p>Làm bài tự đánh giá để biết trụ cột nào yếu nhất.</p>"),
                    (
                        "Chọn ba việc",
                        "<p>Chọn ba việc mang lại lợi ích nhanh nhất, ví dụ hóa đơn điện tử.</p>",
                    ),
                    ("Giao người phụ trách", "<p>Mỗi việc một người, có thời hạn cụ thể.</p>"),
                    ("Đánh giá lại sau 6 tháng", "<p>So sánh điểm mới với điểm cũ.</p>"),
                ],
            ),
            callout(
                "tip",
                "Không cần làm một mình",
                "<p>Trung tâm Hỗ trợ doanh nghiệp tư vấn miễn phí việc lập kế hoạch chuyển đổi "
                "số cho doanh nghiệp nhỏ và vừa, hợp tác xã.</p>",
            ),
        ],
    },
]

STANDARD_PAGES: list[dict[str, Any]] = [
    {
        "slug": "gioi-thieu",
        "title": "Giới thiệu",
        "in_menu": True,
        "contact": False,
        "intro": (
            "Cổng tự đánh giá mức độ sẵn sàng chuyển đổi số do Trung tâm Hỗ trợ doanh nghiệp "
            "vận hành, dành cho doanh nghiệp nhỏ và vừa, hợp tác xã, tổ hợp tác và hộ kinh doanh."
        ),
        "body": [
            para(
                "<p>Bạn trả lời bộ câu hỏi trong khoảng 15 phút, xem điểm theo từng trụ cột và "
                "nhận kế hoạch hành động bằng PDF. Mỗi việc trong kế hoạch dẫn đến một bài hướng "
                "dẫn cụ thể trên cổng.</p><p>Kết quả tổng hợp, không nêu tên, giúp Trung tâm biết "
                "doanh nghiệp trong tỉnh cần hỗ trợ gì nhiều nhất.</p>"
            ),
        ],
        "en": {
            "slug": "about",
            "title": "About",
            "intro": (
                "The digital readiness self-assessment portal is run by the Business Support "
                "Center for small businesses, co-operatives and household businesses."
            ),
            "body": [
                para(
                    "<p>Answer the questionnaire in about 15 minutes, see your score for each "
                    "pillar and get a PDF action plan whose steps link to practical guidance.</p>"
                ),
            ],
        },
    },
    {
        "slug": "lien-he",
        "title": "Liên hệ",
        "in_menu": True,
        "contact": True,
        "intro": "Cần hỗ trợ làm bài tự đánh giá hay thực hiện kế hoạch? Hãy liên hệ với chúng tôi.",
        "body": [
            para(
                "<p>Cán bộ Trung tâm có thể cùng bạn làm bài tự đánh giá tại trụ sở hoặc tại "
                "hợp tác xã. Vui lòng gọi trước để hẹn lịch.</p>"
            ),
        ],
        "en": {
            "slug": "contact",
            "title": "Contact",
            "intro": "Need help with the self-assessment or your plan? Get in touch.",
            "body": [
                para(
                    "<p>Center staff can fill in the assessment with you at the center or at "
                    "your co-operative. Please call ahead.</p>"
                ),
            ],
        },
    },
    {
        "slug": "chinh-sach-bao-mat",
        "title": "Chính sách bảo vệ dữ liệu cá nhân",
        "in_menu": False,
        "contact": False,
        "intro": "Chúng tôi thu thập gì, dùng để làm gì và bạn có quyền gì đối với dữ liệu của mình.",
        "body": [
            heading("Dữ liệu chúng tôi thu thập"),
            para(
                "<p>Câu trả lời bài tự đánh giá, thông tin về tổ chức bạn nhập và, nếu bạn tạo "
                "tài khoản, tên và địa chỉ thư điện tử.</p>"
            ),
            heading("Mục đích sử dụng"),
            para(
                "<p>Tính điểm, lập kế hoạch hành động và thống kê tổng hợp không nêu tên. Chúng "
                "tôi không bán hay chia sẻ dữ liệu của bạn cho bên thứ ba.</p>"
            ),
            heading("Quyền của bạn"),
            para(
                "<p>Bạn có quyền xem, sửa và yêu cầu xóa dữ liệu của mình theo Nghị định "
                "13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân. Hãy gửi yêu cầu qua trang Liên hệ.</p>"
            ),
        ],
        "en": {
            "slug": "privacy",
            "title": "Personal data protection policy",
            "intro": "What we collect, why, and your rights over your data.",
            "body": [
                para(
                    "<p>We keep your answers, the organisation details you enter and, if you "
                    "create an account, your name and e-mail address. We use them to score, to "
                    "build your plan and for anonymous statistics, and never sell them.</p>"
                ),
            ],
        },
    },
    {
        "slug": "dieu-khoan-su-dung",
        "title": "Điều khoản sử dụng",
        "in_menu": False,
        "contact": False,
        "intro": "Những điều cần biết khi sử dụng cổng tự đánh giá.",
        "body": [
            para(
                "<p>Kết quả tự đánh giá và kế hoạch hành động chỉ mang tính tham khảo, dựa trên "
                "câu trả lời bạn cung cấp. Các bài hướng dẫn được cập nhật thường xuyên nhưng "
                "không thay thế văn bản pháp luật.</p>"
            ),
        ],
    },
]

SUPPORT_CENTER = {
    "name": "Trung tâm Hỗ trợ doanh nghiệp",
    "name_en": "Business Support Center",
    "address": "Số 2 Đường Trần Hưng Đạo, Phường Vị Thanh, Thành phố Cần Thơ",
    "phone": "0293 3870 000",
    "email": "hotro@example.gov.vn",
    "opening_hours": "Thứ Hai đến Thứ Sáu, 7 giờ đến 11 giờ và 13 giờ đến 17 giờ",
    "opening_hours_en": "Monday to Friday, 7:00–11:00 and 13:00–17:00",
    "links": [
        {
            "type": "link",
            "value": {
                "label": "Cổng Dịch vụ công quốc gia",
                "label_en": "National Public Service Portal",
                "url": "https://dichvucong.gov.vn/",
            },
        },
    ],
}

# Slugs of the guidance pages featured on the home page.
FEATURED = [
    "dang-ky-tai-khoan-dinh-danh-to-chuc",
    "dua-san-pham-len-san-thuong-mai-dien-tu",
    "phat-hanh-hoa-don-dien-tu",
]
