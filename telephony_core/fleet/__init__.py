"""Fleet operations: export, plan, apply and migrate whole fleets between providers.

```python
from telephony_core import fleet

records = list(fleet.export(vobiz, "devices"))            # neutral records, no secrets
for item in fleet.plan(sipbx, records):                    # reads only
    print(item.action, item.key, item.changes)
report = fleet.apply(sipbx, fleet.plan(sipbx, records), concurrency=10,
                     journal="fleet.journal", secrets_out="secrets.jsonl")
report = fleet.migrate(vobiz, sipbx, "devices", secrets_out="secrets.jsonl")
```

Async variants end in `_async`. Records are read and written as JSON Lines or CSV
(`read_records`, `write_jsonl`, `write_csv`); plan items are plain data and `run_item(item,
client)` carries one out, for task queues. See docs/fleet.md.
"""

from telephony_core.fleet.applying import (
    ApplyEvent,
    ApplyReport,
    ItemResult,
    Progress,
    apply,
    apply_async,
)
from telephony_core.fleet.exporting import export, export_async
from telephony_core.fleet.items import (
    ACTIONS,
    Outcome,
    PlanItem,
    SecretSink,
    run_item,
    run_item_async,
)
from telephony_core.fleet.journal import Journal
from telephony_core.fleet.migration import (
    MappingRow,
    MigrationReport,
    migrate,
    migrate_async,
    migration_plan,
)
from telephony_core.fleet.planning import plan, plan_async
from telephony_core.fleet.records import (
    Record,
    make_record,
    read_csv,
    read_jsonl,
    read_records,
    record_fields,
    write_csv,
    write_jsonl,
)
from telephony_core.fleet.secrets_file import SecretsFile

__all__ = [
    "ACTIONS",
    "ApplyEvent",
    "ApplyReport",
    "ItemResult",
    "Journal",
    "MappingRow",
    "MigrationReport",
    "Outcome",
    "PlanItem",
    "Progress",
    "Record",
    "SecretSink",
    "SecretsFile",
    "apply",
    "apply_async",
    "export",
    "export_async",
    "make_record",
    "migrate",
    "migrate_async",
    "migration_plan",
    "plan",
    "plan_async",
    "read_csv",
    "read_jsonl",
    "read_records",
    "record_fields",
    "run_item",
    "run_item_async",
    "write_csv",
    "write_jsonl",
]
