"""An oEmbed finder for the tests: no network, a fixed iframe."""

from __future__ import annotations

from wagtail.embeds.finders.base import EmbedFinder


class FakeVideoFinder(EmbedFinder):
    def accept(self, url: str) -> bool:
        return url.startswith("https://video.example/")

    def find_embed(self, url: str, max_width: int | None = None, max_height: int | None = None):
        return {
            "title": "Video hướng dẫn",
            "author_name": "Trung tâm",
            "provider_name": "Example",
            "type": "video",
            "thumbnail_url": "",
            "width": 640,
            "height": 360,
            "html": f'<iframe title="Video hướng dẫn" src="{url}"></iframe>',
        }
