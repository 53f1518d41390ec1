"""The demo district: a living system on first start."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from jixiao.demo import load_demo
from jixiao_web.evaluations.models import Document, State
from jixiao_web.orgs.models import OrgUnit
from jixiao_web.services.documents import current_version, load_evaluation


@pytest.fixture
def demo_output(db: None) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_the_demo_creates_the_district_with_documents_in_every_state(demo_output: str) -> None:
    assert OrgUnit.objects.get(name="株洲市渌口区财政局").parent is None
    states = set(Document.objects.values_list("state", flat=True))
    assert states == {str(state) for state in State}
    assert Document.objects.filter(year=2022, state=State.PUBLISHED).exists()


def test_the_seed_bureaus_2023_evaluation_is_the_imported_seed(demo_output: str) -> None:
    document = Document.objects.get(unit__name="株洲市渌口区住房和城乡建设局", year=2023)

    assert load_evaluation(current_version(document)) == load_demo().evaluations[0]
    assert document.state == State.DRAFT
    assert document.errors >= 1  # the seed's own defects, left for the filler to fix


def test_the_demo_prints_every_account_with_its_password_role_and_unit(demo_output: str) -> None:
    assert "zhujian-tianbao" in demo_output
    assert "jixiao-demo" in demo_output
    assert "财政复核" in demo_output


def test_the_demo_refuses_a_database_that_has_data_unless_asked_to_skip(demo_output: str) -> None:
    with pytest.raises(CommandError):
        call_command("demo", stdout=io.StringIO())

    out = io.StringIO()
    call_command("demo", if_empty=True, stdout=out)
    assert "未加载演示数据" in out.getvalue()
    assert Document.objects.count() == 7
