"""A realistic sample plan, for tests, the benchmark and layout previews.

Organisation, addresses and guidance URLs are invented (``example.vn``); the public-service
links are the real national portals. The labels come from the translation catalogues
(which needs Django settings) unless given: ``labels=Labels()`` renders without Django.
"""

from __future__ import annotations

import datetime

from recommendations.pdf import (
    DimensionRow,
    Labels,
    Link,
    PlanAction,
    PlanDocument,
    SupportContact,
)

GUIDANCE = "https://hotro.example.vn/{language}/huong-dan/{slug}/"

_DIMENSIONS = {
    "vi": [
        ("strategy", "Chiến lược và lãnh đạo chuyển đổi số", 55.0, 48.0, 1.0),
        ("egov", "Dịch vụ công trực tuyến và thủ tục hành chính", 35.0, 52.0, 1.0),
        ("ecommerce", "Thương mại điện tử và bán hàng trực tuyến", 42.5, 40.0, 1.5),
        ("payments", "Thanh toán không dùng tiền mặt", 78.0, 65.0, 1.0),
        ("operations", "Quản trị nội bộ, kế toán và hóa đơn điện tử", 61.0, 57.0, 1.0),
        ("data", "Dữ liệu khách hàng và sản phẩm", 28.0, 33.0, 1.0),
        ("security", "An toàn thông tin và bảo vệ dữ liệu cá nhân", 20.0, 31.0, 1.5),
        ("skills", "Kỹ năng số của thành viên và người lao động", 47.0, 45.0, 1.0),
    ],
    "en": [
        ("strategy", "Digital strategy and leadership", 55.0, 48.0, 1.0),
        ("egov", "Online public services and administrative procedures", 35.0, 52.0, 1.0),
        ("ecommerce", "E-commerce and online sales", 42.5, 40.0, 1.5),
        ("payments", "Cashless payments", 78.0, 65.0, 1.0),
        ("operations", "Internal management, accounting and e-invoices", 61.0, 57.0, 1.0),
        ("data", "Customer and product data", 28.0, 33.0, 1.0),
        ("security", "Information security and personal data protection", 20.0, 31.0, 1.5),
        ("skills", "Digital skills of members and staff", 47.0, 45.0, 1.0),
    ],
}

# (slug, dimension index, horizon, effort, cost, quick win, priority, vi title, vi text,
#  en title, en text, links)
_ACTIONS = [
    (
        "dinh-danh-dien-tu-to-chuc",
        1,
        "now",
        "low",
        "free",
        True,
        1,
        "Đăng ký tài khoản định danh điện tử cho tổ chức",
        "Tài khoản định danh điện tử của tổ chức dùng để đăng nhập Cổng Dịch vụ công quốc gia "
        "và nộp hồ sơ thay cho giấy tờ. Người đại diện theo pháp luật đăng ký trên ứng dụng "
        "VNeID bằng tài khoản định danh mức 2 của mình; việc này không mất phí.",
        "Register an electronic identity account for the organisation",
        "The organisation's electronic identity account is used to sign in to the National "
        "Public Service Portal and to file applications without paper. The legal "
        "representative registers it in the VNeID app with their own level-2 account, free "
        "of charge.",
        [("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/")],
    ),
    (
        "xac-thuc-hai-lop",
        6,
        "now",
        "low",
        "free",
        True,
        1,
        "Bật xác thực hai lớp cho thư điện tử và tài khoản mạng xã hội",
        "Phần lớn vụ mất tài khoản bắt đầu từ một mật khẩu bị lộ. Bật xác thực hai lớp cho hộp "
        "thư, trang Facebook và tài khoản Zalo của hợp tác xã; lưu mã khôi phục ở nơi an toàn.",
        "Turn on two-step verification for e-mail and social media accounts",
        "Most lost accounts start with a leaked password. Turn on two-step verification for "
        "the co-operative's mailbox, Facebook page and Zalo account; keep the recovery codes "
        "somewhere safe.",
        [],
    ),
    (
        "ma-qr-thanh-toan",
        3,
        "now",
        "low",
        "free",
        True,
        2,
        "In mã QR nhận tiền và đặt tại quầy bán hàng",
        "Khách hàng ngày càng quen quét mã để trả tiền. Tạo mã QR tĩnh từ tài khoản ngân hàng "
        "của tổ chức, in khổ A5 và đặt tại quầy; đối chiếu giao dịch mỗi cuối ngày.",
        "Print a payment QR code and display it at the counter",
        "Customers increasingly pay by scanning a code. Create a static QR code from the "
        "organisation's bank account, print it at A5 size for the counter and reconcile the "
        "payments at the end of each day.",
        [],
    ),
    (
        "hoa-don-dien-tu",
        4,
        "30d",
        "medium",
        "low",
        False,
        1,
        "Chuyển sang hóa đơn điện tử có mã của cơ quan thuế",
        "Hóa đơn điện tử là bắt buộc với tổ chức kinh doanh. Chọn một nhà cung cấp dịch vụ "
        "hóa đơn, đăng ký sử dụng với cơ quan thuế và hủy các quyển hóa đơn giấy còn lại.\n\n"
        "Khi đã dùng quen, kết nối phần mềm hóa đơn với phần mềm kế toán để không nhập liệu "
        "hai lần.",
        "Switch to e-invoices with a tax-authority code",
        "E-invoices are mandatory for businesses. Choose an e-invoice provider, register with "
        "the tax authority and cancel the remaining paper invoice books.\n\nOnce the team is "
        "used to it, connect the invoicing software to the accounting software so nothing is "
        "typed twice.",
        [
            (
                "Tra cứu hóa đơn điện tử – Cục Thuế (Bộ Tài chính)",
                "https://hoadondientu.gdt.gov.vn/",
            ),
            ("Thuế điện tử", "https://thuedientu.gdt.gov.vn/"),
        ],
    ),
    (
        "gian-hang-san-tmdt",
        2,
        "30d",
        "medium",
        "low",
        False,
        2,
        "Mở gian hàng trên một sàn thương mại điện tử",
        "Bắt đầu với một sàn và năm sản phẩm bán chạy nhất. Chụp ảnh sản phẩm rõ nét, ghi "
        "đúng khối lượng, hạn dùng và chứng nhận VietGAP nếu có; trả lời tin nhắn trong ngày.",
        "Open a shop on one e-commerce marketplace",
        "Start with one marketplace and your five best-selling products. Take clear photos and "
        "state weight, shelf life and any VietGAP certification; answer messages the same day.",
        [],
    ),
    (
        "nop-ho-so-truc-tuyen",
        1,
        "30d",
        "low",
        "free",
        False,
        2,
        "Nộp hồ sơ thủ tục hành chính trực tuyến toàn trình",
        "Lần tới khi cần thay đổi đăng ký, xin giấy phép hay nộp báo cáo, hãy nộp trực tuyến "
        "và nhận kết quả điện tử thay vì đến bộ phận một cửa.",
        "File administrative procedures fully online",
        "Next time you change a registration, apply for a permit or file a report, do it "
        "online and receive the result electronically instead of going to the service counter.",
        [("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/")],
    ),
    (
        "quan-ly-khach-hang",
        5,
        "90d",
        "medium",
        "low",
        False,
        2,
        "Lập danh sách khách hàng và ghi nhận đơn hàng trên phần mềm",
        "Ghi mọi đơn hàng vào một bảng tính chung hoặc phần mềm bán hàng: ai mua, mua gì, khi "
        "nào, giá bao nhiêu. Sau ba tháng, dữ liệu này cho biết sản phẩm và khách hàng nào "
        "mang lại nhiều lợi nhuận nhất.",
        "Keep a customer list and record orders in software",
        "Record every order in a shared spreadsheet or sales software: who bought what, when "
        "and at what price. After three months the data shows which products and customers "
        "bring the most profit.",
        [],
    ),
    (
        "sao-luu-du-lieu",
        6,
        "90d",
        "low",
        "low",
        False,
        1,
        "Sao lưu dữ liệu định kỳ lên dịch vụ lưu trữ đám mây",
        "Máy tính hỏng hay bị mã độc tống tiền có thể xóa sạch sổ sách. Đặt lịch sao lưu tự "
        "động hằng tuần và thử khôi phục một tệp mỗi quý.",
        "Back up data regularly to a cloud storage service",
        "A broken computer or ransomware can wipe out the books. Schedule an automatic weekly "
        "backup and test restoring a file every quarter.",
        [],
    ),
    (
        "ke-hoach-chuyen-doi-so",
        0,
        "6m",
        "high",
        "free",
        False,
        2,
        "Xây dựng kế hoạch chuyển đổi số hằng năm của hợp tác xã",
        "Đưa chuyển đổi số vào nghị quyết đại hội thành viên: mục tiêu đo được, người phụ "
        "trách và ngân sách. Tự đánh giá lại sau 12 tháng để so sánh tiến bộ.",
        "Draw up the co-operative's yearly digital transformation plan",
        "Put digital transformation in the members' meeting resolution: measurable goals, a "
        "person in charge and a budget. Re-assess after 12 months to compare progress.",
        [],
    ),
    (
        "ky-nang-so-co-ban",
        7,
        "6m",
        "medium",
        "medium",
        False,
        3,
        "Tổ chức lớp kỹ năng số cơ bản cho thành viên và người lao động",
        "Một buổi học thực hành về thư điện tử, chữ ký số, thanh toán trực tuyến và nhận biết "
        "lừa đảo qua mạng giúp mọi người tự tin dùng các công cụ mới.",
        "Run a basic digital skills class for members and staff",
        "One hands-on session on e-mail, digital signatures, online payments and spotting "
        "online scams helps everyone use the new tools with confidence.",
        [],
    ),
    (
        "truy-xuat-nguon-goc",
        2,
        "6m",
        "high",
        "medium",
        False,
        3,
        "Truy xuất nguồn gốc sản phẩm bằng mã QR trên bao bì",
        "Gắn mã QR lên bao bì để người mua xem vùng trồng, ngày thu hoạch và chứng nhận. Đây là "
        "điều kiện để vào nhiều chuỗi siêu thị và sàn thương mại điện tử.",
        "Trace product origin with a QR code on the packaging",
        "Put a QR code on the packaging so buyers can see the growing area, harvest date and "
        "certificates. Many supermarket chains and marketplaces require it.",
        [],
    ),
]


def sample_plan_document(language: str = "vi", labels: Labels | None = None) -> PlanDocument:
    """A co-operative in Cần Thơ with 8 dimensions, 11 actions and a peer group of 23."""
    if labels is None:
        from recommendations.labels import plan_labels  # Django-side: imported on demand

        labels = plan_labels(language)
    vi = language == "vi"
    dimensions = tuple(
        DimensionRow(key=key, name=name, score=score, peer_median=median, weight=weight)
        for key, name, score, median, weight in _DIMENSIONS["vi" if vi else "en"]
    )
    actions = []
    for (
        slug,
        dimension,
        horizon,
        effort,
        cost,
        quick_win,
        priority,
        vi_title,
        vi_text,
        en_title,
        en_text,
        links,
    ) in _ACTIONS:
        actions.append(
            PlanAction(
                title=vi_title if vi else en_title,
                explanation=vi_text if vi else en_text,
                dimension_name=dimensions[dimension].name,
                horizon=horizon,
                effort=effort,
                cost=cost,
                quick_win=quick_win,
                priority=priority,
                links=tuple(Link(title=title, url=url) for title, url in links),
                guidance_url=GUIDANCE.format(language=language, slug=slug),
            )
        )
    return PlanDocument(
        language=language,
        organisation_name="Hợp tác xã Nông nghiệp Rau sạch Phong Điền",
        organisation_kind="Hợp tác xã" if vi else "Co-operative",
        area="Xã Phong Điền, thành phố Cần Thơ" if vi else "Phong Điền commune, Cần Thơ City",
        sector="Trồng rau an toàn theo tiêu chuẩn VietGAP"
        if vi
        else "VietGAP-certified vegetable growing",
        assessed_on=datetime.date(2025, 11, 18),
        generated_on=datetime.date(2025, 11, 18),
        overall_score=46.2,
        level=3,
        level_name="Hình thành" if vi else "Forming",
        level_description=(
            "Đơn vị đã dùng một số công cụ số trong bán hàng và thanh toán, nhưng dữ liệu còn "
            "rời rạc và chưa có kế hoạch chung."
            if vi
            else "The organisation uses some digital tools for sales and payments, but its data "
            "is scattered and there is no overall plan yet."
        ),
        dimensions=dimensions,
        actions=tuple(actions),
        contact=SupportContact(
            name="Trung tâm Hỗ trợ doanh nghiệp thành phố Cần Thơ"
            if vi
            else "Cần Thơ City Business Support Centre",
            address="(Địa chỉ mẫu – thay bằng địa chỉ thật), thành phố Cần Thơ",
            phone="(số điện thoại mẫu)",
            email="hotro@example.vn",
            opening_hours="Thứ Hai – Thứ Sáu, 7:00–11:00 và 13:00–17:00"
            if vi
            else "Monday – Friday, 7:00–11:00 and 13:00–17:00",
            website="https://hotro.example.vn/",
        ),
        labels=labels,
        peer_group_size=23,
        results_url=f"https://hotro.example.vn/{language}/ket-qua/3f9c2a/",
    )
