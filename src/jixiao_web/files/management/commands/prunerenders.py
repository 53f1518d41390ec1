"""``manage.py prunerenders``: delete rendered downloads no one will be served again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jixiao_web.files.services import prune_renders


class Command(BaseCommand):
    help = (
        "删除不再使用的已生成下载文件（旧版本程序或其他评分规则生成的，以及已删除文档的）；"
        "需要时会重新生成"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = prune_renders(dry_run=options["dry_run"])
        for name in stale:
            self.stdout.write(name)
        verb = "可删除" if options["dry_run"] else "已删除"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(stale)} 个文件"))
