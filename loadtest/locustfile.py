"""50 patients log in, read articles, search and use the cost calculator (see loadtest/run.py).

Each simulated patient logs in once as a different load-test patient
(manage.py loadtest_setup), so the login limits never trip. Pages that answer
404 (the estimates pages before that app is deployed) are skipped from then on.
"""

import itertools
import os
import random
import re

from locust import HttpUser, between, events, task

PASSWORD = "loadtest-patient-pass"
PATIENTS = int(os.environ.get("LOADTEST_PATIENTS", "50"))
SEARCHES = ["recovery", "fusion", "back pain", "surgery risks", "cost", "nerve", "walking", "infection"]
_numbers = itertools.count(1)


class Patient(HttpUser):
    wait_time = between(1, 3)

    def on_start(self):
        number = (next(_numbers) - 1) % PATIENTS + 1
        self.client.get("/accounts/login/", name="/accounts/login/ (page)")
        with self.client.post(
            "/accounts/login/",
            {
                "username": f"loadtest-patient-{number:02d}@example.com",
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host + "/accounts/login/"},
            allow_redirects=False,
            catch_response=True,
            name="/accounts/login/ (log in)",
        ) as response:
            if response.status_code != 302:
                response.failure(f"login answered {response.status_code}")
        listing = self.client.get("/articles/").text
        self.articles = sorted(set(re.findall(r'href="(/articles/[a-z0-9-]+/)"', listing))) or ["/articles/"]
        self.absent: set[str] = set()

    def optional(self, method: str, path: str, **kwargs):
        """A page that may not exist yet: a 404 is not a failure, and it is not asked for again."""
        if path in self.absent:
            return None
        with self.client.request(method, path, catch_response=True, **kwargs) as response:
            if response.status_code == 404:
                self.absent.add(path)
                response.success()
            elif response.status_code >= 400:
                response.failure(f"{path} answered {response.status_code}")
            return response

    @task(6)
    def read_article(self):
        self.client.get(random.choice(self.articles), name="/articles/[slug]/")

    @task(3)
    def browse_articles(self):
        self.client.get("/articles/")

    @task(3)
    def search(self):
        query = random.choice(SEARCHES)
        self.client.get("/search/", params={"q": query}, name="/search/?q=…")
        self.client.get("/api/search", params={"q": query}, name="/api/search?q=…")

    @task(2)
    def my_page(self):
        self.client.get("/me/")

    @task(2)
    def estimate(self):
        self.optional("GET", "/estimates/")
        self.optional(
            "GET",
            "/api/estimate",
            params={"procedure": ["63030", "22612"], "coverage": "medicare"},
            name="/api/estimate",
        )

    @task(1)
    def save_estimate(self):
        if "/estimates/" in self.absent:
            return
        self.optional(
            "POST",
            "/estimates/save/",
            data={
                "procedure": ["63030", "22612"],
                "coverage": "medicare",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            headers={"Referer": self.host + "/estimates/"},
            name="/estimates/ (save)",
        )


@events.quitting.add_listener
def summary(environment, **kwargs):
    """One line to read at the end, and a failing exit code on any failed request."""
    total = environment.stats.total
    print(
        f"\nLOAD TEST: {total.num_requests} requests, {total.num_failures} failures, "
        f"{total.total_rps:.1f} requests/s; latency ms: median {total.get_response_time_percentile(0.5):.0f}, "
        f"p95 {total.get_response_time_percentile(0.95):.0f}, p99 {total.get_response_time_percentile(0.99):.0f}, "
        f"max {total.max_response_time:.0f}"
    )
    if total.num_failures or total.num_requests == 0:
        environment.process_exit_code = 1
