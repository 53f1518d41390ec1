"""The whole path in a real browser: import the seed, fix, submit, sign, review, publish.

Each step is asserted on what the page shows and photographed (full page) under
``test-output/browser/``: 01-filler-imported.png, 02-findings-fixed.png, …
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.web.browser.conftest import REPO_ROOT, District, Session

SEED_FILE = REPO_ROOT / "tests" / "data" / "department-seedlike.txt"
DEVIATION_REASON = "受项目建设进度影响，部分环境治理工程延至次年完工；下一年度加强进度调度。"
OFFICE_PHONE = "0731-22581234"
REVIEW_COMMENT = "经复核，自评依据充分，同意公开。"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


class Shots:
    """Numbered full-page screenshots, one per step."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.count = folder, 0

    def take(self, page: Page, name: str) -> None:
        self.count += 1
        page.screenshot(path=self.folder / f"{self.count:02d}-{name}.png", full_page=True)


def near(page: Page, key: str, code: str) -> Locator:
    """A finding of ``code`` in the list beside the field ``key`` (``live-indicators-12``)."""
    return page.locator(f"#live-{key} li.finding[data-code='{code}']")


def state_is(page: Page, label: str) -> None:
    expect(page.locator("p.status .state")).to_have_text(label)


def test_a_seed_goes_from_import_to_the_public_portal(
    open_session: Callable[[], Session], district: District, screenshots: Path
) -> None:
    shots = Shots(screenshots)
    filler = open_session()
    filler.log_in(district.filler)
    document_url = import_the_seed(filler.page, shots)
    fix_two_findings(filler.page, shots)
    submission_is_refused_while_errors_remain(filler, document_url, shots)
    fix_the_errors_and_submit(filler, document_url, shots)
    sign_as_head(open_session(), district, shots)
    review_and_publish(open_session(), district, shots)
    the_public_sees_it(open_session(), district.bureau, shots)


def import_the_seed(page: Page, shots: Shots) -> str:
    page.get_by_role("link", name="新建自评表").click()
    page.get_by_label("年度", exact=True).fill("2023")
    page.get_by_label("导入文件").check()
    page.locator("input[name=file]").set_input_files(SEED_FILE)
    page.get_by_role("button", name="新建").click()
    expect(page).to_have_url(re.compile(r"/documents/\d+/edit/$"))
    expect(page.locator("h1")).to_contain_text("住房和城乡建设局 2023年")
    expect(page.locator("#live-summary .errors")).to_have_text("1")
    expect(near(page, "indicators-12", "deduction-without-reason")).to_have_count(1)
    expect(near(page, "signoff", "privacy-phone")).to_have_count(1)
    expect(near(page, "indicators-8", "target-missed-full-score")).to_have_count(1)
    shots.take(page, "filler-imported")
    return page.url.removesuffix("edit/")


def fix_two_findings(page: Page, shots: Shots) -> None:
    """Typed fixes: each finding leaves the list beside its field when the live check answers."""
    reason = page.locator("textarea[name='indicators.deviation_reason']").nth(12)
    reason.fill(DEVIATION_REASON)
    expect(near(page, "indicators-12", "deduction-without-reason")).to_have_count(0)
    phone = page.locator("input[name='signoff.phone']")
    phone.fill(OFFICE_PHONE)
    expect(near(page, "signoff", "privacy-phone")).to_have_count(0)
    expect(page.locator("#live-findings li[data-code='privacy-phone']")).to_have_count(0)
    # The swaps replace the findings, never what was typed.
    expect(reason).to_have_value(DEVIATION_REASON)
    expect(phone).to_have_value(OFFICE_PHONE)
    shots.take(page, "findings-fixed")
    save(page, version=2)


def save(page: Page, version: int) -> None:
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("ul.messages")).to_contain_text(f"已保存为第 {version} 版")


def submission_is_refused_while_errors_remain(
    filler: Session, document_url: str, shots: Shots
) -> None:
    filler.page.goto(document_url)
    state_is(filler.page, "草稿")
    filler.page.get_by_role("button", name="提交").click()
    expect(filler.page.locator("p.error")).to_contain_text("还有 1 项错误")
    expect(filler.page.locator("li[data-code='target-missed-full-score']")).to_be_visible()
    shots.take(filler.page, "submission-refused")


def fix_the_errors_and_submit(filler: Session, document_url: str, shots: Shots) -> None:
    page = filler.page
    page.goto(document_url + "edit/")
    page.locator("input[name='indicators.score']").nth(8).fill("1.43")
    expect(near(page, "indicators-8", "target-missed-full-score")).to_have_count(0)
    # The line's score now disagrees with the total: the check says so, and it is corrected.
    expect(near(page, "total", "score-total-mismatch")).to_have_count(1)
    page.locator("input[name='total.score']").fill("94.43")
    # …and the report, which states the total too.
    expect(near(page, "report", "report-score-mismatch")).to_have_count(1)
    conclusion = page.locator("textarea[name='sections.text']").nth(5)
    conclusion.fill(conclusion.input_value().replace("总分为98分", "总分为94.43分"))
    expect(near(page, "report", "report-score-mismatch")).to_have_count(0)
    expect(page.locator("#live-summary .errors")).to_have_text("0")
    shots.take(page, "errors-fixed")
    save(page, version=3)
    page.goto(document_url)
    page.get_by_role("button", name="提交").click()
    state_is(page, "已提交")
    expect(page.locator("ul.messages")).to_contain_text("已提交")
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    shots.take(page, "submitted")


def open_the_document(session: Session, bureau: str) -> None:
    session.page.get_by_role("link", name=bureau).click()
    expect(session.page.locator("h1")).to_contain_text(f"{bureau} 2023年")


def sign_as_head(head: Session, district: District, shots: Shots) -> None:
    head.log_in(district.head)
    open_the_document(head, district.bureau)
    state_is(head.page, "已提交")
    head.page.get_by_role("button", name="单位负责人签字").click()
    state_is(head.page, "单位已签")
    shots.take(head.page, "head-signed")


def review_and_publish(finance: Session, district: District, shots: Shots) -> None:
    page = finance.page
    finance.log_in(district.finance)
    open_the_document(finance, district.bureau)
    state_is(page, "单位已签")
    review = page.locator("form.act-review")
    review.get_by_text("复核得分（可选，按行填写）").click()
    review.locator("input[name='review-score:indicators[13]']").fill("4.5")
    review.get_by_label("复核意见").fill(REVIEW_COMMENT)
    review.get_by_role("button", name="财政复核").click()
    state_is(page, "已复核")
    expect(page.locator("p.review")).to_contain_text(REVIEW_COMMENT)
    reviewed_row = page.locator("#indicators tr[id='indicators[13]']")
    expect(reviewed_row).to_contain_text("4.5")
    shots.take(page, "finance-reviewed")
    page.get_by_role("button", name="公开").click()
    state_is(page, "已公开")
    shots.take(page, "finance-published")


def the_public_sees_it(visitor: Session, bureau: str, shots: Shots) -> None:
    page = visitor.page
    visitor.go("/public/")
    expect(page.locator("header .who")).to_contain_text("登录")
    page.get_by_role("link", name=bureau).click()
    expect(page.locator("h1")).to_contain_text(f"{bureau} 2023年")
    expect(page.locator("p.status .state")).to_have_text("已公开")
    expect(page.locator("#signoff")).to_contain_text(OFFICE_PHONE)
    expect(page.locator("#signoff")).not_to_contain_text("13607420851")
    expect(page.locator("#indicators")).to_contain_text(DEVIATION_REASON)
    shots.take(page, "public-portal")
