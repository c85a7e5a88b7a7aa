"""Record a real GraphQL session against a running server, as Markdown (examples/cms/SESSION.md).

    .venv/bin/python examples/cms/session.py http://127.0.0.1:8000 --key KEY \
        > examples/cms/SESSION.md

The server must serve the seed index (``make run``); ``--key`` is one of its API keys (used for
the ingest and delete steps). Every query below is sent as is and every answer printed as is.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import httpx

DRAFT = (
    "Russian forces took control of the port city of Kherson on Thursday. "
    "Kherson is a city of about 5 million people. "
    "Delegations from Ukraine and Russia met for a second round of talks on Thursday. "
    "Is this the beginning of the end? "
    "I think the negotiators wasted everyone's time.\n\n"
    "Foreign Minister Sergei Lavrov said Ukraine would never be demilitarized. "
    "The mood in the capital was tense."
)

STEPS: list[tuple[str, str, dict[str, Any], bool]] = [
    (
        "Check one claim (what `POST /v1/check` answers, in camelCase)",
        """query Check($claim: String!) {
  check(claim: $claim, topK: 3) {
    __typename
    ... on CheckResult {
      verdict { label confidence }
      supporting { text stance { label confidence } attribution { speaker cue }
                   article { id source publishedAt } alsoIn { source url } }
      contradicting { text stance { label confidence reason } article { id source } }
      related { text stance { label } article { id source } }
    }
  }
}""",
        {"claim": "Lavrov said Ukraine would be demilitarized even if a peace deal were signed"},
        False,
    ),
    (
        "Check a draft: a paragraph mixing true, false and uncheckable sentences",
        """query CheckText($text: String!) {
  checkText(text: $text, topK: 3) {
    __typename
    ... on TextCheck {
      claims {
        text start end signals
        result {
          verdict { label confidence }
          supporting { text article { source } }
          contradicting { text stance { reason } article { source } }
        }
      }
      skipped { text start end reason }
    }
  }
}""",
        {"text": DRAFT},
        False,
    ),
    (
        "Bad input comes back in the schema, naming the argument",
        """{
  check(claim: "   ", topK: 99) {
    __typename
    ... on InvalidInput { message errors { field message } }
  }
}""",
        {},
        False,
    ),
    (
        "Browse the articles, newest first, two at a time",
        """query Articles($after: String) {
  articles(first: 2, after: $after) {
    __typename
    ... on ArticleConnection {
      edges { cursor node { id title source publishedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
}""",
        {"after": None},
        False,
    ),
    (
        "Publish an article from the CMS (needs the API key)",
        """mutation Ingest($input: ArticleInput!) {
  ingestArticle(input: $input) {
    __typename
    ... on IngestResult { indexed unchanged failed { id reason } }
    ... on InvalidInput { errors { field message } }
  }
}""",
        {"input": {
            "id": "cms-session-1",
            "title": "Ferry service to Marrow Island resumes",
            "source": "Elsworth Gazette",
            "publishedAt": "2024-05-16",
            "body": "The ferry service between Elsworth and Marrow Island resumed on Thursday "
                    "after three days of storms, the operator said.",
        }},
        True,
    ),
    (
        "... and it is found at once",
        """{
  check(claim: "The Marrow Island ferry is running again", topK: 2) {
    ... on CheckResult {
      verdict { label }
      supporting { text attribution { speaker cue } article { id title } }
      related { text article { id title } }
    }
  }
}""",
        {},
        False,
    ),
    (
        "The same mutation without a key (HTTP 401, WWW-Authenticate: Bearer)",
        """mutation { deleteArticle(id: "cms-session-1") { __typename } }""",
        {},
        False,
    ),
    (
        "Unpublish it (with the key)",
        """mutation { deleteArticle(id: "cms-session-1") {
  __typename ... on DeleteResult { id deleted } } }""",
        {},
        True,
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--key", required=True, help="an API key of the server")
    args = parser.parse_args()
    out = sys.stdout
    out.write("# A GraphQL session on the seeds\n\n")
    out.write("Recorded with `examples/cms/session.py` against `python -m api` serving the five "
              "seed articles; every query was sent as shown and every answer is printed as "
              "received (HTTP status first).\n")
    previous: dict[str, Any] = {}
    with httpx.Client(base_url=args.url, timeout=300) as client:
        for title, query, variables, keyed in STEPS:
            if "after" in variables and previous.get("articles"):
                variables = {"after": previous["articles"]["pageInfo"]["endCursor"]}
            headers = {"Authorization": "Bearer <key>"} if keyed else {}
            response = client.post(
                "/graphql", json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {args.key}"} if keyed else {},
            )
            body = response.json()
            previous = body.get("data") or {}
            out.write(f"\n## {title}\n\n")
            if headers:
                out.write("Header: `Authorization: Bearer <key>`\n\n")
            out.write(f"```graphql\n{query}\n```\n\n")
            if variables:
                shown = json.dumps(variables, indent=2, ensure_ascii=False)
                out.write(f"Variables:\n\n```json\n{shown}\n```\n\n")
            challenge = response.headers.get("www-authenticate")
            status = f"HTTP {response.status_code}" + (
                f", WWW-Authenticate: {challenge}" if challenge else "")
            out.write(f"Answer ({status}):\n\n```json\n"
                      f"{json.dumps(body, indent=2, ensure_ascii=False)}\n```\n")


if __name__ == "__main__":
    main()
