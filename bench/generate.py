#!/usr/bin/env python3
"""Writes a national content tree in tiendo's content model, for benchmarks and scale
tests: Viet Nam, its 34 provinces and (at full size) 3,321 communes spread over them
unevenly as real ones are, each with a plan implementing Directive 52-CT/TW, tasks in
every status, two years of measurements (monthly for provinces, quarterly for
communes) with sources, a few merged predecessors, and the site's four languages.

    bench/generate DIR [--scale S] [--seed N] [--history N]

S is the fraction of the country's communes (1 by default); every province is always
there, so a smaller tree has the same shape. The same seed and scale write the same
tree, byte for byte. Standard library only.

With --history N the tree is also a git repository of N commits on its main line, dated
from October 2025 to June 2026 (the as-of date's month), as staff would make them: the
tree as the first, then deadlines moved, statuses reported, figures revised and updates
added, one to five files each; the national plan changed in every tenth commit (a file
with many versions), every fiftieth a bulk edit of a few hundred plans (a commit touching
many files), and every twenty-fifth made on a branch and merged (a merge commit). Needs
the git program. The same seed writes the same commits, ids included.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata

COMMUNES = 3321
AS_OF = "2026-06-30"
LANGUAGES = ["vi", "en", "fr", "ar"]

# The 34 provinces and cities since 2025, with a weight close to their number of
# communes and wards, so that communes spread as unevenly as real ones do.
PROVINCES = [
    ("Hà Nội", "Hanoi", 126), ("Huế", "Hue", 40), ("Lai Châu", "Lai Chau", 38),
    ("Điện Biên", "Dien Bien", 45), ("Sơn La", "Son La", 75), ("Lạng Sơn", "Lang Son", 65),
    ("Quảng Ninh", "Quang Ninh", 54), ("Thanh Hóa", "Thanh Hoa", 166),
    ("Nghệ An", "Nghe An", 130), ("Hà Tĩnh", "Ha Tinh", 69), ("Cao Bằng", "Cao Bang", 56),
    ("Tuyên Quang", "Tuyen Quang", 124), ("Lào Cai", "Lao Cai", 99),
    ("Thái Nguyên", "Thai Nguyen", 92), ("Phú Thọ", "Phu Tho", 148),
    ("Bắc Ninh", "Bac Ninh", 99), ("Hưng Yên", "Hung Yen", 104),
    ("Hải Phòng", "Hai Phong", 114), ("Ninh Bình", "Ninh Binh", 129),
    ("Quảng Trị", "Quang Tri", 78), ("Đà Nẵng", "Da Nang", 94),
    ("Quảng Ngãi", "Quang Ngai", 96), ("Gia Lai", "Gia Lai", 135),
    ("Khánh Hòa", "Khanh Hoa", 65), ("Lâm Đồng", "Lam Dong", 124),
    ("Đắk Lắk", "Dak Lak", 102), ("Hồ Chí Minh", "Ho Chi Minh City", 168),
    ("Đồng Nai", "Dong Nai", 95), ("Tây Ninh", "Tay Ninh", 96), ("Cần Thơ", "Can Tho", 103),
    ("Vĩnh Long", "Vinh Long", 124), ("Đồng Tháp", "Dong Thap", 102),
    ("Cà Mau", "Ca Mau", 64), ("An Giang", "An Giang", 102),
]

# Former provinces merged in 2025, as predecessors of the province that took them in.
MERGED = [
    ("Yên Bái", "Yen Bai", "Lào Cai"), ("Hà Giang", "Ha Giang", "Tuyên Quang"),
    ("Bắc Giang", "Bac Giang", "Bắc Ninh"), ("Thái Bình", "Thai Binh", "Hưng Yên"),
    ("Bình Dương", "Binh Duong", "Hồ Chí Minh"), ("Bạc Liêu", "Bac Lieu", "Cà Mau"),
]

SYLLABLES = (
    "An Bình Phú Thạnh Hòa Đông Tây Nam Bắc Tân Long Mỹ Phước Hưng Thuận Lợi Xuân Hải "
    "Sơn Lâm Quang Minh Thành Trung Đức Vĩnh Yên Hồng Kim Ngọc Cát Thủy Lạc Hiệp Khánh "
    "Định Thái Gia Hà Cẩm Tiên Phong Châu Hoàng Lộc Nghĩa Tường Vân Sa Mường"
).split()

TASKS = [
    ("Tổ chức quán triệt, tuyên truyền Chỉ thị số 52-CT/TW",
     "Disseminate and promote Directive 52-CT/TW"),
    ("Rà soát, lồng ghép mục tiêu bảo hiểm y tế toàn dân vào kế hoạch phát triển kinh tế - xã hội",
     "Build universal health-insurance targets into the socio-economic development plan"),
    ("Kiện toàn Ban Chỉ đạo thực hiện chính sách bảo hiểm xã hội, bảo hiểm y tế",
     "Strengthen the steering committee for social and health insurance policy"),
    ("Ban hành chính sách hỗ trợ mức đóng bảo hiểm y tế từ ngân sách địa phương",
     "Issue a policy supporting health-insurance contributions from the local budget"),
    ("Rà soát danh sách người chưa tham gia bảo hiểm y tế",
     "Review the list of people without health insurance"),
    ("Nâng cao chất lượng khám, chữa bệnh bảo hiểm y tế tại trạm y tế",
     "Improve the quality of insured care at health stations"),
    ("Đẩy mạnh thanh toán không dùng tiền mặt tại cơ sở y tế",
     "Expand cashless payment at health facilities"),
    ("Triển khai hồ sơ sức khỏe điện tử cho người dân",
     "Roll out electronic health records for residents"),
    ("Kiểm tra, xử lý vi phạm, trục lợi quỹ bảo hiểm y tế",
     "Inspect and sanction abuse of the health-insurance fund"),
    ("Vận động học sinh, sinh viên tham gia bảo hiểm y tế",
     "Encourage pupils and students to take out health insurance"),
    ("Hỗ trợ người cận nghèo tham gia bảo hiểm y tế",
     "Support near-poor people to take out health insurance"),
    ("Tổ chức đối thoại chính sách bảo hiểm y tế với người dân",
     "Hold dialogues on health-insurance policy with residents"),
    ("Báo cáo sơ kết 6 tháng thực hiện kế hoạch", "Report on six months of the plan"),
    ("Cập nhật dữ liệu dân cư kết nối VNeID", "Update population data linked to VNeID"),
    ("Tập huấn nghiệp vụ cho cán bộ thu bảo hiểm y tế",
     "Train the staff who collect health-insurance contributions"),
]

UNITS = [
    ("Ủy ban nhân dân", "People's Committee"), ("Sở Y tế", "Department of Health"),
    ("Bảo hiểm xã hội", "Social Insurance"), ("Sở Tài chính", "Department of Finance"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Công an", "Police"), ("Mặt trận Tổ quốc", "Fatherland Front"),
    ("Hội Nông dân", "Farmers' Union"), ("Đoàn Thanh niên", "Youth Union"),
]

STATUSES = [None, None, "not_started", "in_progress", "in_progress", "done", "done",
            "blocked", "cancelled"]


def slug(text):
    """ASCII, lower case, hyphens: Vietnamese diacritics transliterated, not dropped."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)


def ascii_name(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def texts(vi, en, indent):
    pad = " " * indent
    return f"\n{pad}vi: {quote(vi)}\n{pad}en: {quote(en)}"


def months(start_year, start_month, count):
    """The last day of `count` months from the given one."""
    days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    out = []
    year, month = start_year, start_month
    for _ in range(count):
        last = days[month - 1] + (1 if month == 2 and year % 4 == 0 else 0)
        out.append(f"{year}-{month:02d}-{last:02d}")
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


class Writer:
    def __init__(self, root, rng):
        self.root = root
        self.rng = rng
        self.files = 0

    def write(self, path, text):
        full = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        self.files += 1

    def jurisdiction(self, folder, vi, en, level, parent, extra=""):
        parent_line = f"parent: {parent}\n" if parent else ""
        self.write(f"content/{folder}/_index.yaml",
                   f"name:{texts(vi, en, 2)}\nlevel: {level}\n{parent_line}{extra}")

    def plan(self, folder, jurisdiction_vi, jurisdiction_en, number, issuer_vi, issuer_en,
             level, province_slug):
        rng = self.rng
        issued = f"2025-{rng.randint(10, 12):02d}-{rng.randint(1, 28):02d}"
        source = f"https://{province_slug}.example.gov.vn/ke-hoach/{slug(number)}"
        lines = [
            "---",
            f"number: {quote(number)}",
            f"title:{texts(f'Kế hoạch thực hiện Chỉ thị số 52-CT/TW về bảo hiểm y tế toàn dân của {jurisdiction_vi}', f'{jurisdiction_en} plan implementing Directive 52-CT/TW on universal health insurance', 2)}",
            "program: directive-52",
            f"issued_by:{texts(issuer_vi, issuer_en, 2)}",
            f"issued_on: {issued}",
            f"source: {source}",
            "targets:",
        ]
        target_2026 = rng.choice([93, 94, 95, 95, 95.5, 96])
        lines += [
            "  - id: coverage-2026", "    indicator: coverage", "    comparator: above",
            f"    value: {target_2026}", "    deadline: 2026",
            "  - id: coverage-2030", "    indicator: coverage", "    comparator: at_least",
            "    value: 100", "    deadline: 2030",
        ]
        if level != "commune":
            lines += ["  - id: insured-2027", "    indicator: insured-people",
                      "    comparator: at_least", f"    value: {rng.randint(8, 90) * 100000}",
                      "    deadline: 2027-12"]
        lines.append("tasks:")
        count = rng.randint(5, 25)
        for n in range(count):
            what_vi, what_en = TASKS[n % len(TASKS)]
            if n >= len(TASKS):
                what_vi, what_en = f"{what_vi} (đợt {n // len(TASKS) + 1})", f"{what_en} (round {n // len(TASKS) + 1})"
            status = STATUSES[n] if n < len(STATUSES) else rng.choice(STATUSES)
            # Day and month deadlines after the plan, around the as-of date, so that some
            # are late and some ahead.
            year = rng.choice([2026, 2026, 2027])
            month = rng.randint(1, 12)
            deadline = f"{year}-{month:02d}" if rng.random() < 0.6 else f"{year}-{month:02d}-{rng.randint(1, 28):02d}"
            lines += [f"  - id: task-{n + 1:02d}", f"    what:{texts(what_vi, what_en, 6)}"]
            if rng.random() < 0.85:
                unit_vi, unit_en = rng.choice(UNITS)
                lines.append(f"    lead:{texts(unit_vi, unit_en, 6)}")
            if rng.random() < 0.5:
                lines.append("    coordinating:")
                for unit_vi, unit_en in rng.sample(UNITS, 2):
                    lines.append(f"      - vi: {quote(unit_vi)}\n        en: {quote(unit_en)}")
            if rng.random() < 0.4:
                lines.append(f"    deliverable:{texts('Báo cáo kết quả thực hiện', 'A report on the results', 6)}")
            if rng.random() < 0.9:
                lines.append(f"    deadline: {deadline}")
            if rng.random() < 0.3:
                lines.append(f"    approving_authority:{texts('Chủ tịch Ủy ban nhân dân', 'Chair of the People’s Committee', 6)}")
            if status:
                lines.append(f"    status: {status}")
            if status == "done" and rng.random() < 0.7:
                # Some on time, some late.
                done_month = min(12, max(1, month + rng.choice([-2, -1, 0, 1, 2])))
                done_year = min(year, 2026)
                done = f"{done_year}-{done_month:02d}-{rng.randint(1, 28):02d}"
                if done <= AS_OF and done > issued:
                    lines.append(f"    done_on: {done}")
        lines += ["---", f"{jurisdiction_vi} ban hành kế hoạch thực hiện Chỉ thị số 52-CT/TW.", ""]
        self.write(f"content/{folder}/plans/kh-52.md", "\n".join(lines))

    def updates(self, folder, days, start, population, province_slug, with_count):
        rng = self.rng
        coverage = start
        for day in days:
            coverage = min(99.9, coverage + rng.uniform(-0.1, 0.5))
            insured = int(population * coverage / 100)
            month = int(day[5:7])
            year = day[:4]
            source = f"https://{province_slug}.example.gov.vn/bao-cao/{day}"
            text = [
                "---", f"date: {day}",
                f"title:{texts(f'Báo cáo tiến độ tháng {month}/{year}', f'Progress report, {month}/{year}', 2)}",
                "sources:", f"  - url: {source}",
                f"    title:{texts('Báo cáo tiến độ bảo hiểm y tế', 'Health-insurance progress report', 6)}",
                "measurements:", "  - indicator: coverage", f"    value: {coverage:.2f}",
            ]
            if with_count:
                text += ["  - indicator: insured-people", f"    value: {insured}"]
            text += ["---", f"Tỷ lệ bao phủ bảo hiểm y tế đạt {coverage:.2f}%.".replace(".", ",", 1), ""]
            self.write(f"content/{folder}/updates/{day}.md", "\n".join(text))


SITE_YAML = """title:
  vi: "Tiến độ bảo hiểm y tế toàn dân – cả nước"
  en: "Universal health insurance – progress across the country"
  fr: "Assurance maladie universelle – avancement dans tout le pays"
  ar: "التأمين الصحي الشامل – التقدم في أنحاء البلاد"
description:
  vi: "Cây nội dung do bench/generate tạo ra để đo hiệu năng; số liệu là giả."
  en: "A content tree written by bench/generate for benchmarks; its figures are made up."
publisher:
  vi: "Bộ sinh dữ liệu thử của tiendo"
  en: "tiendo's benchmark generator"
base_url: https://tiendo.example.org/
languages: [vi, en, fr, ar]
default_language: vi
license:
  name: CC-BY-4.0
  title:
    en: "Creative Commons Attribution 4.0 International"
    vi: "Creative Commons Ghi công 4.0 Quốc tế"
  url: https://creativecommons.org/licenses/by/4.0/
"""

INDICATORS = {
    "coverage": """name:
  vi: Tỷ lệ bao phủ bảo hiểm y tế
  en: Health-insurance coverage
  fr: Taux de couverture d'assurance maladie
  ar: معدل تغطية التأمين الصحي
unit: percent
direction: up
decimals: 2
""",
    "insured-people": """name:
  vi: Số người tham gia bảo hiểm y tế
  en: People covered by health insurance
  fr: Personnes couvertes par l'assurance maladie
  ar: عدد المشتركين في التأمين الصحي
unit: number
unit_label:
  vi: người
  en: people
  fr: personnes
  ar: شخص
direction: up
decimals: 0
""",
}

PROGRAM = """number: 52-CT/TW
kind:
  vi: Chỉ thị
  en: Directive
  fr: Directive
  ar: توجيه
title:
  vi: Chỉ thị của Ban Bí thư về thực hiện bảo hiểm y tế toàn dân trong giai đoạn mới
  en: Directive of the Secretariat on implementing universal health insurance in the new period
  fr: Directive du Secrétariat sur l'assurance maladie universelle dans la nouvelle période
  ar: توجيه الأمانة العامة بشأن تنفيذ التأمين الصحي الشامل في الفترة الجديدة
issued_by:
  vi: Ban Bí thư
  en: Secretariat
  fr: Secrétariat
  ar: الأمانة العامة
issued_on: 2025-10-03
source: https://example.gov.vn/chi-thi-52
indicators: [coverage, insured-people]
"""


def spread(total, weights, rng):
    """`total` communes over provinces in proportion to their weights, largest
    remainders first, ties broken by the seed."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (-(shares[i] - counts[i]), rng.random()))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def generate(root, scale, seed):
    rng = random.Random(seed)
    writer = Writer(root, rng)
    writer.write("site.yaml", SITE_YAML)
    for name, text in INDICATORS.items():
        writer.write(f"content/indicators/{name}.yaml", text)
    writer.write("content/programs/directive-52.yaml", PROGRAM)

    writer.jurisdiction("viet-nam", "Việt Nam", "Viet Nam", "country", None)
    writer.plan("viet-nam", "Chính phủ", "the Government", "282/NQ-CP", "Chính phủ",
                "Government", "country", "chinhphu")
    monthly = months(2024, 7, 24)
    quarterly = monthly[2::3]
    writer.updates("viet-nam", monthly, 92.0, 101_000_000, "chinhphu", True)

    counts = spread(round(COMMUNES * scale), [w for _, _, w in PROVINCES], rng)
    merged_into = {}
    for vi, en, into in MERGED:
        merged_into.setdefault(into, []).append((vi, en))
    code = 0
    for (vi, en, _), communes in zip(PROVINCES, counts):
        pid = slug(en)
        folder = f"provinces/{pid}"
        predecessors = []
        for old_vi, old_en in merged_into.get(vi, []):
            old = f"{slug(old_en)}-old"
            predecessors.append(old)
            writer.jurisdiction(f"provinces/{old}", f"{old_vi} (cũ)", f"Former {old_en}",
                                "province", "viet-nam", "ended_on: 2025-06\n")
        extra = f"predecessors: [{', '.join(predecessors)}]\n" if predecessors else ""
        writer.jurisdiction(folder, vi, en, "province", "viet-nam", extra)
        writer.plan(folder, f"tỉnh {vi}", en, f"{rng.randint(10, 40)}-KH/TU",
                    f"Ban Thường vụ Tỉnh ủy {vi}", f"{en} Provincial Party Standing Committee",
                    "province", pid)
        population = rng.randint(800_000, 9_000_000)
        writer.updates(folder, monthly, rng.uniform(84, 93), population, pid, True)
        used = set()
        for _ in range(communes):
            code += 1
            while True:
                name = " ".join(rng.sample(SYLLABLES, 2))
                if name not in used:
                    used.add(name)
                    break
            kind_vi, kind_en = ("Phường", "Ward") if rng.random() < 0.2 else ("Xã", "Commune")
            cid = f"{slug(ascii_name(name))}-{code:05d}"
            cfolder = f"{folder}/communes/{cid}"
            cvi, cen = f"{kind_vi} {name}", f"{ascii_name(name)} {kind_en}"
            writer.jurisdiction(cfolder, cvi, cen, "commune", pid)
            writer.plan(cfolder, cvi, cen, f"{rng.randint(1, 99)}/KH-UBND",
                        f"Ủy ban nhân dân {cvi}", f"{cen} People's Committee", "commune", pid)
            writer.updates(cfolder, quarterly, rng.uniform(80, 95), rng.randint(4_000, 60_000),
                           pid, False)
    return writer.files


FIRST_COMMIT = (2025, 10, 1)
LAST_COMMIT = (2026, 6, 29)
DEADLINE = re.compile(r"^(    deadline: )(\d{4})-(\d{2})((?:-\d{2})?)$", re.M)
STATUS = re.compile(r"^(    status: )(not_started|in_progress|blocked)$", re.M)
VALUE = re.compile(r"^(    value: )(\d+(?:\.\d+)?)$", re.M)
# The statuses a report moves a task through; a task done is left done.
NEXT_STATUS = {"not_started": "in_progress", "in_progress": "blocked", "blocked": "in_progress"}


class Repository:
    """A git repository at `root`, committed to as one fixed person at given days."""

    def __init__(self, root):
        self.root = root
        self.env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=root,
                        GIT_AUTHOR_NAME="Sở Y tế", GIT_AUTHOR_EMAIL="soyte@example.gov.vn",
                        GIT_COMMITTER_NAME="Sở Y tế", GIT_COMMITTER_EMAIL="soyte@example.gov.vn")
        self.git("init", "-q", "-b", "main")

    def git(self, *args, when="2025-10-01T08:00:00+07:00"):
        env = dict(self.env, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        subprocess.run(["git", *args], cwd=self.root, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    def commit(self, paths, message, when):
        self.git("add", "--", *paths, when=when)
        self.git("commit", "-q", "-m", message, when=when)


def edit(root, path, pattern, change, rng):
    """Changes one of the matches of `pattern` in a file, chosen by `rng`; whether one
    was found."""
    full = os.path.join(root, path)
    with open(full, encoding="utf-8") as f:
        text = f.read()
    found = list(pattern.finditer(text))
    if not found:
        return False
    match = rng.choice(found)
    text = text[: match.start()] + change(match) + text[match.end():]
    with open(full, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    return True


def later_deadline(match):
    """A deadline moved one to six months later, as written (a month or a day)."""
    prefix, year, month, day = match.group(1), int(match.group(2)), int(match.group(3)), match.group(4)
    month += 1 + (year * 7 + month) % 6
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return f"{prefix}{year}-{month:02d}{day}"


def next_status(match):
    return match.group(1) + NEXT_STATUS[match.group(2)]


def revised(match):
    value = float(match.group(2))
    if "." in match.group(2):
        return f"{match.group(1)}{max(0.0, min(99.9, value - 0.3)):.2f}"
    return f"{match.group(1)}{max(0, int(value) - 1000)}"


def commit_days(commits):
    """`commits` instants spread evenly from the first commit's day to the last's, in
    Vietnam's time zone."""
    import datetime
    first = datetime.datetime(*FIRST_COMMIT, 8, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    last = datetime.datetime(*LAST_COMMIT, 17, tzinfo=first.tzinfo)
    step = (last - first) / max(1, commits - 1)
    return [first + step * n for n in range(commits)]


def history(root, commits, rng):
    """Makes the tree at `root` a repository of `commits` commits (see the module's
    help); returns how many changes they made."""
    plans, updates = [], []
    for folder, _, names in os.walk(os.path.join(root, "content")):
        for name in names:
            path = os.path.relpath(os.path.join(folder, name), root)
            if f"{os.sep}plans{os.sep}" in path:
                plans.append(path)
            elif f"{os.sep}updates{os.sep}" in path:
                updates.append(path)
    plans.sort()
    updates.sort()
    national = os.path.join("content", "viet-nam", "plans", "kh-52.md")
    repository = Repository(root)
    days = commit_days(commits)
    repository.commit(["."], "The national tree", days[0].isoformat())
    changes = 0
    for n, when in enumerate(days[1:], start=1):
        stamp = when.isoformat()
        touched = []

        def change(path, pattern, how):
            nonlocal changes
            if edit(root, path, pattern, how, rng):
                touched.append(path)
                changes += 1

        if n % 50 == 0:
            for path in rng.sample(plans, min(len(plans), 300)):
                change(path, DEADLINE, later_deadline)
            message = "Deadlines moved after the mid-year review"
        elif n % 10 == 0:
            change(national, DEADLINE, later_deadline)
            change(national, STATUS, next_status)
            message = "The national plan updated"
        else:
            for _ in range(rng.randint(1, 5)):
                kind = rng.random()
                if kind < 0.35:
                    change(rng.choice(plans), DEADLINE, later_deadline)
                elif kind < 0.7:
                    change(rng.choice(plans), STATUS, next_status)
                elif kind < 0.9:
                    change(rng.choice(updates), VALUE, revised)
                else:
                    folder = os.path.dirname(os.path.dirname(rng.choice(plans)))
                    day = when.date().isoformat()
                    path = os.path.join(folder, "updates", f"{day}.md")
                    if os.path.exists(os.path.join(root, path)):
                        continue
                    coverage = rng.uniform(85, 99)
                    with open(os.path.join(root, path), "w", encoding="utf-8", newline="\n") as f:
                        f.write("\n".join([
                            "---", f"date: {day}",
                            f"title:{texts(f'Báo cáo nhanh ngày {day}', f'Quick report of {day}', 2)}",
                            "sources:", f"  - url: https://example.gov.vn/bao-cao/{day}",
                            "measurements:", "  - indicator: coverage", f"    value: {coverage:.2f}",
                            "---", "Báo cáo nhanh.", ""]))
                    touched.append(path)
                    changes += 1
            message = "Progress reported"
        if not touched:
            # Nothing matched: an empty commit keeps the count.
            repository.git("commit", "-q", "--allow-empty", "-m", message, when=stamp)
        elif n % 25 == 0:
            repository.git("switch", "-q", "-c", f"review-{n}", when=stamp)
            repository.commit(sorted(set(touched)), message, stamp)
            repository.git("switch", "-q", "main", when=stamp)
            repository.git("merge", "-q", "--no-ff", "-m", f"Merge review {n}", f"review-{n}",
                           when=stamp)
        else:
            repository.commit(sorted(set(touched)), message, stamp)
    return changes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", help="the folder to write the site into (replaced)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="the fraction of the country's 3,321 communes (default 1)")
    parser.add_argument("--seed", type=int, default=52, help="the random seed (default 52)")
    parser.add_argument("--history", type=int, default=0, metavar="N",
                        help="also make the tree a git repository of N commits (default: none)")
    args = parser.parse_args()
    if not 0 <= args.scale <= 1:
        sys.exit("error: --scale is a fraction from 0 to 1")
    if os.path.exists(args.dir):
        if not os.path.exists(os.path.join(args.dir, "site.yaml")):
            sys.exit(f"error: {args.dir} exists and is not a generated site: refusing to replace it")
        shutil.rmtree(args.dir)
    files = generate(args.dir, args.scale, args.seed)
    print(f"Wrote {files} files into {args.dir} (scale {args.scale}, seed {args.seed})")
    if args.history > 0:
        changes = history(args.dir, args.history, random.Random(args.seed + 1))
        print(f"Made it a git repository of {args.history} commits with {changes} changes")


if __name__ == "__main__":
    main()
