"""Organisation units (财政局 → 主管部门 → 单位) and who holds which role where."""
