#!/bin/bash
# scripts/golden.sh REPO OUTDIR: every --json output, the text tables, the Markdown briefings of
# 2025-05-01 and 1960, and the exports, written to OUTDIR: run it before and after a change and
# `diff -r` the two folders to see every output the change touched (a refactoring touches none).
set -u
if [ $# -ne 2 ]; then echo "usage: scripts/golden.sh REPO OUTDIR" >&2; exit 2; fi
REPO=$1; OUT=$2
# Only ever replace a folder this script wrote (it leaves .golden in it).
if [ -e "$OUT" ] && [ ! -f "$OUT/.golden" ]; then echo "golden.sh: $OUT exists and is not an earlier output; give a new folder" >&2; exit 2; fi
rm -rf "$OUT"; mkdir -p "$OUT"; touch "$OUT/.golden"
PY=${PYTHON:-$REPO/.venv/bin/python}
export PYTHONPATH=$REPO/src NATOATLAS_CACHE=$OUT/.cache
N() { local name=$1; shift; $PY -m natoatlas "$@" > "$OUT/$name" 2>&1; echo "rc=$?" >> "$OUT/$name"; }
for d in 1950-01-01 1960-01-01 1999-03-12 2020-01-01 2023-06-01 2025-05-01; do
  for c in overview members sg treaty enlargement partners organisation offices commands forces concepts summits operations; do
    N "$c-$d.json" $c --on $d --json
    N "$c-$d-ja.txt" $c --on $d --lang ja
    N "$c-$d-en.txt" $c --on $d --lang en
  done
  N "spending-$d.json" spending --on $d --json
  N "spending-$d-ja.txt" spending --on $d --lang ja
  N "country-FIN-$d.json" country FIN --on $d --json
  N "country-FRA-$d-ja.txt" country FRA --on $d --lang ja
  N "accession-SWE-$d.json" accession SWE --on $d --json
  N "covers-$d.json" covers Tallinn --on $d --json
done
N treaty-6-1950.json treaty 6 --on 1950-01-01 --json
N operations-ongoing.json operations --on 2025-05-01 --status ongoing --json
N partners-pfp.json partners pfp --on 2018-01-01 --json
for t in japan article-4 article-5; do N "timeline-$t.json" timeline $t --json; N "timeline-$t-ja.txt" timeline $t --lang ja; done
N consultations.json consultations --json
N diff.json diff 2020-01-01 2025-05-01 --json
N diff-ja.txt diff 2020-01-01 2025-05-01 --lang ja
N sources.json sources --json
N sources-check.txt sources --check
N check.txt check
for l in ja en; do $PY -m natoatlas brief --on 2025-05-01 --lang $l -o "$OUT/brief-$l.md" > /dev/null 2>&1; done
$PY -m natoatlas brief --on 1960-01-01 --lang ja -o "$OUT/brief-1960-ja.md" > /dev/null 2>&1
for f in csv json datapackage; do $PY -m natoatlas export --format $f "$OUT/export-$f" > /dev/null 2>&1; done
rm -rf "$OUT/.cache"
