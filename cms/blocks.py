"""StreamField blocks of the guidance and standard pages.

Every block renders with its own template in ``templates/components/streamfield/blocks/``
so the markup stays accessible and can be tested one block at a time.
"""

from __future__ import annotations

from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .i18n import in_english

BLOCK_TEMPLATES = "components/streamfield/blocks"

INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
BODY_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; h2 or h3 so the page outline stays valid under the page's h1."""

    text = blocks.CharBlock(label=_("text"), max_length=160)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Subsection (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = f"{BLOCK_TEMPLATES}/heading_block.html"
        description = _("A section heading; keep it short.")
        preview_value = {"text": "Chuẩn bị hồ sơ", "level": "h2"}


class ImageWithCaptionBlock(blocks.StructBlock):
    """An image with the alternative text screen readers need and an optional caption."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=250,
        help_text=_("What the image shows, for people who cannot see it. Empty if decorative."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image with caption")
        template = f"{BLOCK_TEMPLATES}/image_block.html"
        description = _("An image, its alternative text and a caption.")


class CalloutBlock(blocks.StructBlock):
    """A highlighted box: a tip, something important or a warning."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("important", _("Important")), ("warning", _("Warning"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=INLINE_FEATURES)

    class Meta:
        icon = "help"
        label = _("Call-out")
        template = f"{BLOCK_TEMPLATES}/callout_block.html"
        description = _("A highlighted box for a tip, something important or a warning.")
        preview_value = {
            "kind": "tip",
            "title": "Mẹo",
            "text": "<p>Chuẩn bị sẵn bản chụp giấy tờ trước khi bắt đầu.</p>",
        }


class StepBlock(blocks.StructBlock):
    """One step of a procedure."""

    title = blocks.CharBlock(label=_("title"), max_length=160)
    text = blocks.RichTextBlock(label=_("text"), features=INLINE_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    """A numbered list of steps."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=160)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = f"{BLOCK_TEMPLATES}/steps_block.html"
        description = _("A procedure, one step after the other.")


class ServiceLinkBlock(blocks.StructBlock):
    """A link to an online public service or an external platform."""

    title = blocks.CharBlock(label=_("title"), max_length=160)
    url = blocks.URLBlock(label=_("address"))
    provider = blocks.CharBlock(
        label=_("provider"),
        required=False,
        max_length=120,
        help_text=_("Who runs the service, e.g. the National Public Service Portal."),
    )
    description = blocks.TextBlock(label=_("description"), required=False, max_length=400)

    class Meta:
        icon = "link-external"
        label = _("Online service link")
        template = f"{BLOCK_TEMPLATES}/service_link_block.html"
        description = _("A link to an online public service or an external platform.")
        preview_value = {
            "title": "Cổng Dịch vụ công quốc gia",
            "url": "https://dichvucong.gov.vn/",
            "provider": "Văn phòng Chính phủ",
            "description": "Nộp hồ sơ và theo dõi thủ tục hành chính trực tuyến.",
        }


class VideoBlock(blocks.StructBlock):
    """An embedded video (YouTube and other oEmbed providers)."""

    video = EmbedBlock(label=_("video address"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video")
        template = f"{BLOCK_TEMPLATES}/video_block.html"
        description = _("A video embedded from YouTube or a similar site.")


class QuestionBlock(blocks.StructBlock):
    """One question and its answer."""

    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=BODY_FEATURES)


class FAQBlock(blocks.StructBlock):
    """Frequently asked questions, each one folded until opened."""

    title = blocks.CharBlock(label=_("title"), required=False, max_length=160)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        template = f"{BLOCK_TEMPLATES}/faq_block.html"
        description = _("Questions and answers.")


class DocumentBlock(blocks.StructBlock):
    """A downloadable document (form, template, instructions)."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=160,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = f"{BLOCK_TEMPLATES}/document_block.html"
        description = _("A form, template or instructions to download.")


# --- The facts a reader needs to act (issue 13): where, who, documents, cost, time and the
# legal basis, each its own block so a test (and an editor) can see which are missing.


class WhereBlock(blocks.StructBlock):
    """Where to do it: the exact portal or office, linked to its ExternalLink record."""

    place = blocks.CharBlock(label=_("place"), max_length=200)
    link = SnippetChooserBlock(
        "cms.ExternalLink",
        label=_("link"),
        required=False,
        help_text=_("The portal's record under Sources, so a changed address is one edit."),
    )
    note = blocks.TextBlock(label=_("note"), required=False, max_length=400)

    class Meta:
        icon = "site"
        label = _("Where")
        template = f"{BLOCK_TEMPLATES}/where_block.html"
        description = _("The exact portal or office where this is done.")


class WhoBlock(blocks.StructBlock):
    """Who may do it (and who may do it on someone's behalf)."""

    text = blocks.TextBlock(label=_("text"), max_length=600)

    class Meta:
        icon = "user"
        label = _("Who may do it")
        template = f"{BLOCK_TEMPLATES}/who_block.html"
        description = _("Who may carry this out, and who may act on their behalf.")


class DocumentsNeededBlock(blocks.StructBlock):
    """The papers and details to have ready."""

    items = blocks.ListBlock(blocks.CharBlock(max_length=250), label=_("documents"), min_num=1)

    class Meta:
        icon = "doc-full"
        label = _("Documents needed")
        template = f"{BLOCK_TEMPLATES}/documents_needed_block.html"
        description = _("The documents and details to prepare.")


class CostBlock(blocks.StructBlock):
    """What it costs: free, or an amount in VND; or, honestly, that it is not confirmed."""

    free = blocks.BooleanBlock(label=_("free of charge"), required=False)
    amount_min = blocks.IntegerBlock(label=_("from (VND)"), required=False, min_value=0)
    amount_max = blocks.IntegerBlock(label=_("up to (VND)"), required=False, min_value=0)
    per = blocks.CharBlock(
        label=_("per"), required=False, max_length=60, help_text=_("e.g. năm, lần, tháng")
    )
    note = blocks.TextBlock(label=_("note"), required=False, max_length=400)

    class Meta:
        icon = "tag"
        label = _("Cost")
        template = f"{BLOCK_TEMPLATES}/cost_block.html"
        description = _("Free, or an amount in VND. Leave both empty if it is not confirmed.")

    def get_context(self, value: blocks.StructValue, parent_context: dict | None = None) -> dict:
        """The amounts grouped by thousands the way readers write them (300.000 / 300,000)."""
        context = super().get_context(value, parent_context=parent_context)
        separator = "," if in_english() else "."
        for field in ("amount_min", "amount_max"):
            amount = value.get(field)
            context[field] = "" if amount is None else f"{amount:,}".replace(",", separator)
        return context

    def clean(self, value: blocks.StructValue) -> blocks.StructValue:
        value = super().clean(value)
        low, high = value.get("amount_min"), value.get("amount_max")
        errors = {}
        if value.get("free") and (low or high):
            errors["free"] = ErrorList([_("Either free of charge or an amount, not both.")])
        if low is not None and high is not None and high < low:
            errors["amount_max"] = ErrorList([_("The upper amount is below the lower.")])
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class DurationBlock(blocks.StructBlock):
    """How long it usually takes."""

    text = blocks.CharBlock(label=_("text"), max_length=250)

    class Meta:
        icon = "time"
        label = _("Usual time")
        template = f"{BLOCK_TEMPLATES}/duration_block.html"
        description = _("How long it usually takes, from start to result.")


class LegalBasisBlock(blocks.StructBlock):
    """The laws and decrees behind it, chosen from the LegalReference records."""

    references = blocks.ListBlock(
        SnippetChooserBlock("cms.LegalReference"), label=_("legal references"), required=False
    )
    note = blocks.TextBlock(label=_("note"), required=False, max_length=400)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Legal basis")
        template = f"{BLOCK_TEMPLATES}/legal_basis_block.html"
        description = _(
            "The laws, decrees or circulars this rests on; or a note that none applies."
        )


#: The fact blocks every how-to guidance page must have (checked by the tests).
REQUIRED_FACT_BLOCKS = ("where", "cost", "time", "legal_basis")


class BodyBlock(blocks.StreamBlock):
    """The blocks an editor can put in a guidance or standard page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Rich text"),
        features=BODY_FEATURES,
        icon="pilcrow",
        template=f"{BLOCK_TEMPLATES}/paragraph_block.html",
        description=_("Paragraphs, lists and links."),
    )
    image = ImageWithCaptionBlock()
    callout = CalloutBlock()
    steps = StepsBlock()
    service_link = ServiceLinkBlock()
    video = VideoBlock()
    faq = FAQBlock()
    document = DocumentBlock()
    where = WhereBlock()
    who = WhoBlock()
    documents_needed = DocumentsNeededBlock()
    cost = CostBlock()
    time = DurationBlock()
    legal_basis = LegalBasisBlock()
