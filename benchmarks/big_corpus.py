"""A ~5,000-event corpus for timing validation: the bundled events multiplied with new ids.

Usage: python benchmarks/big_corpus.py PROJECT_ROOT OUT_DIR COPIES  (120 copies of the 42 events: 5,040)
"""
import shutil, sys, re
from pathlib import Path
src, dst, copies = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
if dst.exists(): shutil.rmtree(dst)
shutil.copytree(src / "content", dst / "content")
shutil.copytree(src / "templates", dst / "templates")
for path in sorted((dst / "content/events").glob("*.yaml")):
    text = path.read_text()
    body = text
    out = [text]
    for n in range(1, copies):
        out.append(re.sub(r"^- id: (\S+)", lambda m: f"- id: {m.group(1)}-c{n}", body, flags=re.M))
    path.write_text("\n".join(out))
