"""Checks a built site's open data with the readers its users have: frictionless for the
data package, jsonschema for every index.json, feedparser and xmllint for the Atom feeds,
icalendar for the calendars. Then it follows the Lao Cai figures (1,492,057 insured,
89.18 %, 28 November 2025, with their source) through every format.

Run by .ci/run on the example site built as of 2025-12-05:
    python tests/data/check_open_data.py SITE_FOLDER
"""

import csv
import datetime
import glob
import json
import os
import re
import subprocess
import sys
import unittest

import feedparser
import icalendar
import jsonschema
from frictionless import validate

SITE = os.environ.get("TIENDO_SITE", "")
LAO_CAI_SOURCE = "https://baolaocai.vn/no-luc-bao-phu-bao-hiem-y-te-toan-dan-post888022.html"


def files(pattern):
    found = sorted(glob.glob(os.path.join(SITE, pattern), recursive=True))
    assert found, f"no {pattern} in {SITE}"
    return found


def read(path):
    with open(os.path.join(SITE, path), encoding="utf-8") as f:
        return f.read()


class DataPackage(unittest.TestCase):
    def test_the_data_package_is_valid_foreign_keys_included(self):
        report = validate(os.path.join(SITE, "data", "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))

    def test_it_declares_the_licence(self):
        package = json.loads(read("data/datapackage.json"))
        self.assertEqual(package["licenses"][0]["name"], "CC-BY-4.0")

    def test_csv_lines_end_in_crlf(self):
        with open(os.path.join(SITE, "data", "measurements.csv"), "rb") as f:
            first = f.readline()
        self.assertTrue(first.endswith(b"\r\n"), first)

    def test_lao_cai_figures_are_rows_of_measurements_csv(self):
        with open(os.path.join(SITE, "data", "measurements.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        lao_cai = {r["indicator_id"]: r for r in rows if r["jurisdiction_id"] == "lao-cai"}
        for indicator, value in [("insured-people", "1492057"), ("coverage", "89.18")]:
            row = lao_cai[indicator]
            self.assertEqual(row["value"], value)
            self.assertEqual(row["date"], "2025-11-28")
            self.assertEqual(row["source_url"], LAO_CAI_SOURCE)
        self.assertEqual(lao_cai["coverage"]["unit"], "percent")


class PageData(unittest.TestCase):
    def test_every_index_json_validates_against_the_published_schema(self):
        schema = json.loads(read("schema/page.json"))
        validator_class = jsonschema.validators.validator_for(schema)
        validator_class.check_schema(schema)
        validator = validator_class(schema)
        checked = 0
        for path in files("**/index.json"):
            with open(path, encoding="utf-8") as f:
                errors = [e.message for e in validator.iter_errors(json.load(f))]
            self.assertEqual(errors, [], path)
            checked += 1
        self.assertGreaterEqual(checked, 40)

    def test_lao_cai_figures_are_in_its_index_json(self):
        data = json.loads(read("en/provinces/lao-cai/index.json"))
        figures = {m["indicator"]["id"]: m for m in data["measurements"]}
        self.assertEqual(figures["insured-people"]["value"], 1492057)
        self.assertEqual(figures["insured-people"]["text"], "1,492,057 people")
        self.assertEqual(figures["coverage"]["value"], 89.18)
        self.assertEqual(figures["coverage"]["date"], "2025-11-28")
        self.assertEqual(figures["coverage"]["source"], LAO_CAI_SOURCE)
        target = next(t for t in data["targets"] if t["id"] == "coverage-2026")
        self.assertEqual(target["pace"]["still_needed"], 5.82)


class Feeds(unittest.TestCase):
    def test_every_feed_parses_without_bozo_and_is_well_formed(self):
        for path in files("**/feed.xml"):
            feed = feedparser.parse(path)
            self.assertFalse(feed.bozo, f"{path}: {feed.get('bozo_exception')}")
            subprocess.run(["xmllint", "--noout", path], check=True)

    def test_lao_cai_figures_are_in_its_feed(self):
        feed = feedparser.parse(os.path.join(SITE, "provinces", "lao-cai", "feed.xml"))
        entry = feed.entries[0]
        self.assertEqual(entry.id, "https://tiendo.example.org/provinces/lao-cai/updates/2025-11-28/")
        self.assertEqual(entry.updated, "2025-11-28T00:00:00Z")
        content = entry.content[0].value
        for text in ["89,18\u00a0%", "1.492.057 người", "28/11/2025", LAO_CAI_SOURCE]:
            self.assertIn(text, content)

    def test_pages_announce_their_feeds(self):
        page = read("provinces/lao-cai/index.html")
        links = re.findall(r"<link [^>]*application/atom\+xml[^>]*>", page)
        hrefs = sorted(re.search(r'href="?([^" >]+)', link).group(1) for link in links)
        self.assertEqual(hrefs, ["../../feed.xml", "feed.xml"])


class Calendars(unittest.TestCase):
    def test_every_calendar_parses(self):
        for path in files("**/*.ics"):
            with open(path, "rb") as f:
                calendar = icalendar.Calendar.from_ical(f.read())
            self.assertTrue(calendar.walk("VEVENT"), path)

    def test_a_task_due_in_november_2025_falls_on_the_30th(self):
        with open(os.path.join(SITE, "deadlines.ics"), "rb") as f:
            calendar = icalendar.Calendar.from_ical(f.read())
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        event = events["lao-cai/15-kh-tu/dissemination@tiendo.example.org"]
        self.assertEqual(event.decoded("dtstart"), datetime.date(2025, 11, 30))
        self.assertEqual(event.decoded("dtend"), datetime.date(2025, 12, 1))
        self.assertEqual(event.decoded("dtstamp"), datetime.datetime(2025, 12, 5, tzinfo=datetime.timezone.utc))
        self.assertIn("Ban Tuyên giáo và Dân vận Tỉnh ủy", str(event["description"]))


class Cards(unittest.TestCase):
    def test_the_lao_cai_card_shows_its_figure_date_and_source(self):
        card = read("provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg")
        subprocess.run(["xmllint", "--noout", os.path.join(SITE, "provinces/lao-cai/plans/15-kh-tu/coverage-2026.svg")], check=True)
        for text in ['role="img"', "<title", "<desc", "89,18\u00a0%", "28/11/2025", "baolaocai.vn"]:
            self.assertIn(text, card)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    SITE = sys.argv.pop(1)
    unittest.main(verbosity=2)
