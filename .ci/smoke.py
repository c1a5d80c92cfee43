"""Smoke test of a running `make run`: the public home page and the API as a demo user."""

import http.cookiejar
import json
import re
import sys
import time
import urllib.parse
import urllib.request

base = sys.argv[1]
jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

deadline = time.time() + 240
while True:
    try:
        home = opener.open(base + "/", timeout=5).read().decode()
        break
    except OSError:
        if time.time() > deadline:
            sys.exit("make run did not serve / within 240 s")
        time.sleep(1)
assert "受付中の公募" in home, "home page is not the Japanese open-calls list"
assert "ギャップファンド" in home, "no open gap-fund call listed"
print("GET / -> open calls listed in Japanese")

login = opener.open(base + "/accounts/login/").read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login).group(1)
data = urllib.parse.urlencode({"username": "applicant", "password": "sangaku-demo-2026", "csrfmiddlewaretoken": token})
req = urllib.request.Request(
    base + "/accounts/login/", data=data.encode(), headers={"Referer": base + "/accounts/login/"}
)
opener.open(req).read()
platforms = json.loads(opener.open(base + "/api/v1/platforms/").read())
codes = [row["code"] for row in platforms["results"]]
assert codes == ["TESH", "IJIE", "HSFC", "KSAC", "MASP", "PARKS", "GTIE", "PSI", "TONGALI"], codes
print("GET /api/v1/platforms/ as applicant ->", ", ".join(codes))
