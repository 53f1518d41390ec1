"""Files: a version's 自评表, 自评报告 and 问题清单 as downloads, and supporting documents."""
