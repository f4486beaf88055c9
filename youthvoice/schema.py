"""Every area's tables on one metadata: what migrations compare the database with (migrations/env.py)."""

from __future__ import annotations

from youthvoice.casework import models as casework_models
from youthvoice.core import idempotency_model, jobs_model
from youthvoice.core.model import SQLModel
from youthvoice.council import models as council_models
from youthvoice.groups import models as groups_models
from youthvoice.identity import models as identity_models
from youthvoice.meetings import models as meetings_models
from youthvoice.network import models as network_models
from youthvoice.notify import models as notify_models
from youthvoice.privacy import models as privacy_models
from youthvoice.sharing import models as sharing_models
from youthvoice.support import models as support_models
from youthvoice.transition import models as transition_models

AREA_MODELS = (identity_models, privacy_models, idempotency_model, jobs_model, notify_models, sharing_models,
               meetings_models, support_models, council_models, network_models, casework_models,
               transition_models, groups_models)
metadata = SQLModel.metadata
