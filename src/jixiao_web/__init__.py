"""jixiao's web app: users, persistence, the fill-in / review / publish workflow, pages, API.

It imports the core (``jixiao``); the core never imports this package nor Django.

``settings``      everything from the environment (DATABASE_URL, JIXIAO_*, REDIS_URL)
``orgs``          OrgUnit (财政局 → 主管部门 → 单位) and Membership (user, unit, role)
``evaluations``   Document (unit, year, kind, project; state; version number) and Version
                  (the core's JSON as text + its cached CheckReport), Review, SeenVersion
``audit``         the append-only AuditLog
``services``      the one road to the data, for pages, API and admin alike: ``policy``
                  (who may do what), ``documents`` (versions, optimistic locking),
                  ``workflow`` (the state machine), ``diff``, ``starting``, ``checking``
``pages``         server-rendered pages (views split by use case) with HTMX on the edit page
``api``           the JSON API (django-ninja) over the same services
``demo``          the demo district; ``serve`` the first-run command; ``manage`` manage.py
"""
