"""``manage.py demo``: create the demo district and print the demo accounts."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jixiao_web.demo import account_table, demo_accounts, is_empty, load_demo_data


class Command(BaseCommand):
    help = "创建演示数据（渌口区财政局、主管部门、单位、自评表和演示账号）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="数据库已有数据时什么也不做（不报错）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not is_empty():
            if options["if_empty"]:
                self.stdout.write("数据库已有数据，未加载演示数据。演示账号：")
                self.stdout.write(account_table(demo_accounts()))
                return
            raise CommandError("数据库已有数据：演示数据只能加载到空数据库（或用 --if-empty）")
        accounts = load_demo_data()
        self.stdout.write(self.style.SUCCESS("演示数据已创建。演示账号："))
        self.stdout.write(account_table(accounts))
