"""The OpenAPI 3.1 description of /api/v1, written by hand next to routes/api.py (a test checks that every
API route is described and that answers match their schemas)."""

from __future__ import annotations

from typing import Any

from youthvoice.meetings.preparation import BISIDDER_CHOICES, QUESTIONS
from youthvoice.network.models import LifeArea

_ERROR = {"description": "Refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_CSRF = {"name": "X-CSRFToken", "in": "header", "required": True, "schema": {"type": "string"},
         "description": "The session's CSRF token, from the page's `<meta name=\"csrf-token\">`."}
_MEETING_ID = {"name": "meeting_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


def _refusals(*codes: int) -> dict[str, Any]:
    return {str(code): _ERROR for code in codes}


_IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": True,
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"}}


def _add(summary: str, body: str) -> dict[str, Any]:
    """A create operation on a meeting that the outbox sends with the key of the page's own form."""
    return {"post": {
        "summary": summary,
        "description": "Send an `Idempotency-Key`: a retry with the same key creates nothing new. The app sends "
                       "the key of the page's form, so that form, posted after it, adds nothing more either.",
        "parameters": [_MEETING_ID, _CSRF, _IDEMPOTENCY_KEY],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "$ref": f"#/components/schemas/{body}"}}}},
        "responses": {"201": _json("Added", "Created"),
                      "200": _json("Added", "Created before, by a request with this key"),
                      **_refusals(400, 401, 404, 422)}}}


def document(server: str) -> dict[str, Any]:
    answers: dict[str, Any] = {key: {"type": "string", "maxLength": question.limit}
                               for key, question in QUESTIONS.items()}
    answers["bisidder_choice"] = {"type": "string", "enum": ["", *BISIDDER_CHOICES]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "youthvoice API",
            "version": "1",
            "description": "What the youthvoice app syncs: a young person's meetings, meeting preparation "
                           "(answers, points, wishes and decisions), notes during a meeting and small steps. "
                           "Log in with a passkey in the app; the API uses the same session cookie. "
                           "The same access rules as the pages apply: what someone may not see is a 404.",
        },
        "servers": [{"url": server}],
        "security": [{"session": []}],
        "paths": {
            "/api/v1/openapi.json": {"get": {
                "summary": "This document", "security": [],
                "responses": {"200": {"description": "The OpenAPI document",
                                      "content": {"application/json": {"schema": {"type": "object"}}}}}}},
            "/api/v1/me": {"get": {
                "summary": "Who is logged in",
                "responses": {"200": _json("Me", "The logged-in person"), **_refusals(401)}}},
            "/api/v1/meetings": {"get": {
                "summary": "My meetings (young people)",
                "responses": {"200": _json("MeetingList", "Upcoming and past meetings"), **_refusals(401, 404)}}},
            "/api/v1/meetings/{meeting_id}/preparation": {
                "get": {
                    "summary": "A meeting's preparation: questions and answers",
                    "description": "For the young person, or someone they share the preparation with (the "
                                   "view is logged). Without that share the answers are left out.",
                    "parameters": [_MEETING_ID],
                    "responses": {"200": _json("Preparation", "Questions and answers"), **_refusals(401, 404)}},
                "put": {
                    "summary": "Save answers of my preparation",
                    "description": "Saving the same answers again changes nothing: a retry is safe.",
                    "parameters": [_MEETING_ID, _CSRF],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["answers"],
                        "properties": {"answers": {"type": "object", "properties": answers,
                                                   "additionalProperties": False}}}}}},
                    "responses": {"200": _json("Preparation", "Saved; the preparation as it is now"),
                                  **_refusals(400, 401, 404)}}},
            "/api/v1/meetings/{meeting_id}/points": _add("Add a point to talk about at my meeting", "NewText"),
            "/api/v1/meetings/{meeting_id}/decisions": _add("Bring a new wish or decision to my meeting",
                                                            "NewDecision"),
            "/api/v1/meetings/{meeting_id}/notes": _add("Note what was agreed during my meeting", "NewText"),
            "/api/v1/steps": {
                "get": {
                    "summary": "My small steps",
                    "responses": {"200": _json("StepList", "Next steps first, then what is done"),
                                  **_refusals(401, 404)}},
                "post": {
                    "summary": "Log a small step",
                    "description": "Send an `Idempotency-Key`: a retry with the same key and the same body "
                                   "creates nothing new and answers with the step the first request created. The "
                                   "same key with another body is refused (422): use a new key for a new step.",
                    "parameters": [_CSRF, _IDEMPOTENCY_KEY],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/NewStep"}}}},
                    "responses": {"201": _json("StepCreated", "Created"),
                                  "200": _json("StepCreated", "Created before, by a request with this key"),
                                  **_refusals(400, 401, 404, 422)}}},
        },
        "components": {
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "yv_session"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error", "status"], "properties": {
                    "error": {"type": "string"}, "status": {"type": "integer"}, "field": {"type": "string"},
                    "reason": {"type": "string"},
                    "correlation_id": {"type": "string"}}},
                "Me": {"type": "object", "required": ["id", "name", "role"], "properties": {
                    "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"},
                    "role": {"type": "string"}, "language": {"type": ["string", "null"]},
                    "csrf_token": {"type": "string"}}},
                "Meeting": {"type": "object", "required": ["id", "kind", "starts_at", "place", "preparation"],
                            "properties": {"id": {"type": "string", "format": "uuid"}, "kind": {"type": "string"},
                                           "starts_at": {"type": "string", "format": "date-time"},
                                           "place": {"type": "string"}, "preparation": {"type": "string"}}},
                "MeetingList": {"type": "object", "required": ["upcoming", "past"], "properties": {
                    "upcoming": {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}},
                    "past": {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}}}},
                "Preparation": {"type": "object", "required": ["meeting", "shared", "steps"], "properties": {
                    "meeting": {"type": "string", "format": "uuid"}, "shared": {"type": "boolean"},
                    "saved": {"type": "integer"},
                    "steps": {"type": "array", "items": {"type": "object", "required": ["key", "questions"],
                              "properties": {"key": {"type": "string"}, "title": {"type": "string"},
                                             "questions": {"type": "array", "items": {
                                                 "type": "object", "required": ["key", "answer"],
                                                 "properties": {"key": {"type": "string"},
                                                                "label": {"type": "string"},
                                                                "limit": {"type": "integer"},
                                                                "answer": {"type": "string"}}}}}}}}},
                "Step": {"type": "object", "required": ["id", "area", "text", "day", "done"], "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "area": {"type": "string", "enum": [area.value for area in LifeArea]},
                    "text": {"type": "string"}, "day": {"type": ["string", "null"], "format": "date"},
                    "done": {"type": "boolean"}}},
                "StepList": {"type": "object", "required": ["steps"], "properties": {
                    "steps": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}}}},
                "NewStep": {"type": "object", "required": ["area", "text"], "properties": {
                    "area": {"type": "string", "enum": [area.value for area in LifeArea]},
                    "text": {"type": "string", "minLength": 1, "maxLength": 500},
                    "day": {"type": ["string", "null"], "format": "date"},
                    "done": {"type": "boolean", "default": True}}},
                "NewText": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": 500}}},
                "NewDecision": {"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": 500},
                    "status": {"type": "string", "enum": ["wish", "decision"], "default": "wish"}}},
                "Added": {"type": "object", "required": ["id", "replayed"], "properties": {
                    "id": {"type": "string"}, "replayed": {"type": "boolean"}}},
                "StepCreated": {"type": "object", "required": ["step", "replayed"], "properties": {
                    "step": {"$ref": "#/components/schemas/Step"}, "replayed": {"type": "boolean"}}},
            },
        },
    }
