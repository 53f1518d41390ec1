"""What each field of the model is called, in the words of the paper forms, and in English.

One table for every place that names a field to a person: the findings report's locations
(问题清单), the score explanations' inputs, the web app's list of changes between versions.
A key is named by its own entry, unless its parent gives it another name (``total`` is the
总分 row at the top, but 合计 under 按收入性质分).
"""

from __future__ import annotations

# key → (Chinese, English)
LABELS: dict[str, tuple[str, str]] = {
    "kind": ("类别", "Kind"),
    "unit": ("单位名称", "Unit"),
    "department": ("主管部门", "Supervising department"),
    "project": ("项目名称", "Project name"),
    "implementing_unit": ("实施单位", "Implementing unit"),
    "year": ("年度", "Year"),
    "grade": ("自评等级", "Grade"),
    "funds": ("资金", "Funds"),
    "lines": ("资金行", "Fund line"),
    "label": ("资金名称", "Fund"),
    "requested": ("年度预算申请", "Budget requested"),
    "initial_budget": ("年初预算数", "Initial budget"),
    "full_year_budget": ("全年预算数", "Full-year budget"),
    "executed": ("全年执行数", "Executed"),
    "execution_rate": ("执行率", "Execution rate"),
    "rate": ("执行率", "Execution rate"),
    "weight": ("分值", "Weight"),
    "score": ("得分", "Score"),
    "deviation_reason": ("偏差原因分析及改进措施", "Deviation analysis and remedy"),
    "by_source": ("按收入性质分", "By source of income"),
    "by_nature": ("按支出性质分", "By nature of spending"),
    "general_public_budget": ("一般公共预算", "General public budget"),
    "government_fund": ("政府性基金拨款", "Government fund appropriations"),
    "special_account_non_tax": (
        "纳入专户管理的非税收入拨款",
        "Non-tax revenue in a special account",
    ),
    "current_year_appropriation": ("当年财政拨款", "Appropriation of the year"),
    "carried_over": ("上年结转资金", "Carried over from last year"),
    "other": ("其他资金", "Other funds"),
    "basic": ("基本支出", "Basic spending"),
    "total": ("总分", "Total score"),
    "goals": ("年度总体目标", "Overall goals for the year"),
    "expected": ("预期目标", "Expected goal"),
    "actual": ("实际完成值", "Actual value"),
    "target": ("年度指标值", "Target for the year"),
    "indicators": ("绩效指标", "Performance indicators"),
    "level1": ("一级指标", "First-level indicator"),
    "level2": ("二级指标", "Second-level indicator"),
    "name": ("三级指标", "Third-level indicator"),
    "direction": ("指标方向", "Indicator direction"),
    "declared_level1_weights": ("一级指标分值", "First-level weights"),
    "signoff": ("填报信息", "Sign-off"),
    "filler": ("填报人", "Filler"),
    "phone": ("联系电话", "Contact phone"),
    "date": ("填报日期", "Date filled"),
    "head": ("单位负责人", "Head of unit"),
    "report": ("自评报告", "Self-evaluation report"),
    "preamble": ("开头", "Preamble"),
    "sections": ("各部分", "Part"),
    "number": ("序号", "Number"),
    "title": ("标题", "Title"),
    "heading": ("标题", "Heading"),
    "text": ("正文", "Text"),
    "justifications": ("单位说明", "Justification"),
}

# (parent, key) → (Chinese, English), where the parent changes what a key means. The text of
# a target or an actual value is the value itself: it adds no word.
IN_CONTEXT: dict[tuple[str, str], tuple[str, str]] = {
    ("by_source", "total"): ("合计", "Total"),
    ("by_nature", "total"): ("合计", "Total"),
    ("by_nature", "project"): ("项目支出", "Project spending"),
    ("target", "text"): ("", ""),
    ("actual", "text"): ("", ""),
}


def field_label(key: str, parent: str = "", *, english: bool = False) -> str:
    """The words for ``key`` under ``parent`` ("" at the top); the key itself when unknown,
    and "" for a key that adds no word."""
    pair = IN_CONTEXT.get((parent, key)) or LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if english else pair[0]
