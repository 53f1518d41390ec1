"""The one road to the data: pages, API and admin all call these functions.

Permission policy (``policy``), versions with optimistic locking (``documents``), the state
machine (``workflow``), version diffs (``diff``) and the audit trail (``audit``) are plain
functions over the models; none of them scores or checks anything itself (``checking`` calls
``jixiao.check``).
"""
