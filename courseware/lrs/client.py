"""POST /statements to an xAPI 1.0.3 LRS (HTTP Basic auth), and what its answer means for
each statement of the batch. Statements go as the outbox holds them (`body`), so a retry is
byte for byte the first try."""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from courseware.settings import Settings

TIMEOUT_SECONDS = 15
# Answers that say the LRS cannot take anything just now, whatever the statements: wrong
# credentials or address, overloaded, too many requests. Nothing is refused then.
NOT_NOW = {401, 403, 404, 408, 429}


@dataclass
class Outcome:
    """What became of a batch: ids of the statements the LRS holds now, those it refused
    with its reason, and the error when it could not be used at all."""

    delivered: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    unreachable: str | None = None


class LrsClient:
    def __init__(self, settings: Settings):
        self.url = f"{settings.xapi_endpoint.rstrip('/')}/statements"
        self.session = requests.Session()
        self.session.auth = (settings.xapi_username, settings.xapi_password.get_secret_value())
        self.session.headers.update(
            {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
        )

    def close(self) -> None:
        self.session.close()

    def _post(self, bodies: list[str]) -> requests.Response:
        data = ("[" + ",".join(bodies) + "]").encode()
        return self.session.post(self.url, data=data, timeout=TIMEOUT_SECONDS)

    def deliver(self, statements: list[tuple[str, str]]) -> Outcome:
        """Send (statement id, body) pairs in one request; when the LRS refuses the batch,
        one at a time, to find which it refuses."""
        outcome = Outcome()
        try:
            response = self._post([body for _, body in statements])
        except requests.RequestException as error:
            outcome.unreachable = f"the LRS cannot be reached: {error}"[:500]
            return outcome
        status = response.status_code
        # 200: stored. 204: it held them all already. 409 on our own ids: it holds them
        # already (ids are random UUIDs given by the outbox; only our retry can reuse one).
        if status in (200, 204) or (status == 409 and len(statements) == 1):
            outcome.delivered = [statement_id for statement_id, _ in statements]
        elif status >= 500 or status in NOT_NOW:
            outcome.unreachable = f"the LRS answered {status}: {_reason(response)}"
        elif len(statements) > 1:
            for one in statements:
                single = self.deliver([one])
                outcome.delivered += single.delivered
                outcome.refused |= single.refused
                if single.unreachable:
                    outcome.unreachable = single.unreachable
                    break
        else:
            outcome.refused[statements[0][0]] = f"refused ({status}): {_reason(response)}"
        return outcome


def _reason(response: requests.Response) -> str:
    """The LRS's reason, short enough for the admin page: a validation error (FastAPI's
    `detail` list, as Ralph gives) as "where: what" for each problem."""
    try:
        detail = response.json().get("detail", response.text)
    except (ValueError, AttributeError):
        detail = response.text
    if isinstance(detail, list):
        detail = "; ".join(
            f"{'.'.join(str(part) for part in problem.get('loc', []))}: {problem.get('msg')}"
            if isinstance(problem, dict)
            else str(problem)
            for problem in detail
        )
    return str(detail)[:400]
