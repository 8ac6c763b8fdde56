"""Checks the JSON Schemas `tiendo schema` writes for editors against real content: every
content file of each site named (the example site, a national tree) validates against
the schema of its kind, and files with an unknown field or a bad date do not.

Run by .ci/run:
    python tests/data/check_editor_schemas.py SCHEMA_FOLDER SITE_FOLDER...

The files are read as YAML 1.2 reads them, as tiendo does: `2025-11-28` is text (YAML
1.1, PyYAML's default, would make it a date), and only `true` and `false` are yes/no.
"""

import glob
import json
import multiprocessing
import os
import re
import sys

import jsonschema
import yaml


class Yaml12Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """PyYAML's safe loader (libyaml's, where built) with YAML 1.2's dates and yes/no."""


# YAML 1.1's dates, yes/no words, sexagesimal and underscored numbers are text in 1.2;
# its numbers are decimal digits (no leading zero), with a dot or an exponent for floats.
REPLACED = (
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
)
Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag not in REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
YAML_1_2 = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
]
for tag, pattern, firsts in YAML_1_2:
    for first in firsts:
        Yaml12Loader.yaml_implicit_resolvers.setdefault(first, []).append(
            (tag, re.compile(pattern))
        )

# Each kind's files, as `load` finds them under a site's folder. A translation of a plan
# or an update (`16-kh-tu.en.md`) holds only Markdown, no front matter.
KINDS = {
    "site": ["site.yaml"],
    "indicator": ["content/indicators/*.yaml"],
    "program": ["content/programs/*.yaml"],
    "jurisdiction": ["content/**/_index.yaml"],
    "plan": ["content/**/plans/*.md"],
    "update": ["content/**/updates/*.md"],
    "ui-strings": ["themes/*/i18n/*.yaml"],
}
TRANSLATION = re.compile(r"\.[a-z]{2,3}(-[A-Za-z0-9]+)*\.md$")


def front_matter(text):
    """The YAML between the `---` lines that open a Markdown file."""
    lines = text.split("\n")
    assert lines[0].strip() == "---", "no front matter"
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    return "\n".join(lines[1:end])


def content(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".md"):
        text = front_matter(text)
    return yaml.load(text, Loader=Yaml12Loader)


def validators(schema_folder):
    found = {}
    for kind in KINDS:
        with open(os.path.join(schema_folder, f"{kind}.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft7Validator.check_schema(schema)
        found[kind] = jsonschema.Draft7Validator(schema)
    return found


def files_of(site, patterns):
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(site, pattern), recursive=True)):
            if not TRANSLATION.search(path):
                yield path


def problems(validator, path):
    return [
        f"{path}: {'/'.join(map(str, error.absolute_path)) or '(the file)'}: {error.message}"
        for error in validator.iter_errors(content(path))
    ]


FOUND = {}


def problems_of(job):
    kind, path = job
    return problems(FOUND[kind], path)


def check_site(site, pool):
    jobs = []
    for kind, patterns in KINDS.items():
        paths = list(files_of(site, patterns))
        if kind != "ui-strings" or os.path.isdir(os.path.join(site, "themes")):
            assert paths or kind in ("plan", "update"), f"no {kind} file in {site}"
        jobs += [(kind, path) for path in paths]
    failures = [line for found in pool.imap(problems_of, jobs, chunksize=64) for line in found]
    return len(jobs), failures


def check_refusals(found, scratch):
    """An unknown field, a bad date, a bad id and a missing field are each refused."""
    os.makedirs(scratch, exist_ok=True)
    cases = {
        "indicator": "name: Coverage\nunit: percent\ndirection: up\ncolour: red\n",
        "update": "date: 2025-13-01\ntitle: A report\nsources: [https://example.org/]\n",
        "plan": "number: 1/KH\ntitle: Plan\nprogram: Directive_52\nissued_by: X\n"
        "issued_on: 2025-01-02\nsource: https://example.org/\n",
        "jurisdiction": "level: commune\n",
        "site": "title: T\nlanguages: [vi]\ndefault_language: vi\ndue_soon_days: 400\n",
        "program": "number: 52-CT/TW\ntitle: T\nissued_by: X\nissued_on: 2025-02-30\n"
        "source: https://user@example.org/\n",
    }
    failures = []
    for kind, text in cases.items():
        path = os.path.join(scratch, f"{kind}.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        if not problems(found[kind], path):
            failures.append(f"the {kind} schema accepts what tiendo refuses: {text!r}")
    return failures


def main():
    schema_folder, sites = sys.argv[1], sys.argv[2:]
    FOUND.update(validators(schema_folder))
    failures = check_refusals(FOUND, os.path.join(schema_folder, ".refused"))
    # A national tree has tens of thousands of files: one process per core reads them.
    with multiprocessing.Pool() as pool:
        for site in sites:
            checked, failed = check_site(site, pool)
            print(f"{site}: {checked} files checked against their schemas, {len(failed)} failed")
            failures += failed
    for failure in failures[:50]:
        print(failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
