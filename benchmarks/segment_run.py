"""One `assistant segment` run in a fresh process, timed phase by phase, with its peak memory:
`python -m benchmarks.segment_run FILE [--output OUT]` prints one JSON line."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    path = Path(sys.argv[1])
    output = Path(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--output" else None
    started = time.perf_counter()
    cpu = time.process_time()
    from assistant.contacts import read_contacts
    from assistant.segment_output import write_annotated, write_json
    from assistant.segments import segment_contacts
    from assistant.titles import title_classifier

    title_classifier()
    loaded = time.perf_counter()
    table = read_contacts(path, max_bytes=2_000_000_000)
    read = time.perf_counter()
    seg = segment_contacts(table)
    segmented = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        write_json(seg, sink)
    printed = time.perf_counter()
    if output is not None:
        write_annotated(seg, output)
    written = time.perf_counter()
    print(
        json.dumps(
            {
                "rows": table.rows,
                "distinct_titles": len(seg.titles),
                "load_rules_s": loaded - started,
                "read_s": read - loaded,
                "segment_s": segmented - read,
                "json_s": printed - segmented,
                "output_s": written - printed,
                "total_s": written - started,
                "cpu_s": time.process_time() - cpu,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
