"""The whole schema: imports every capability's tables so that ``Base.metadata`` holds them all
(for the migrations' comparison and for emptying a test database)."""

from __future__ import annotations

from redceci.store.base import Base
from redceci.store.enrolment import models as enrolment_models
from redceci.store.nutrition_health import models as nutrition_health_models
from redceci.store.operations import models as operations_models
from redceci.store.planning import models as planning_models
from redceci.store.platform import models as platform_models

#: The models modules, one per capability.
MODEL_MODULES = (
    platform_models,
    planning_models,
    enrolment_models,
    nutrition_health_models,
    operations_models,
)

__all__ = ["MODEL_MODULES", "Base"]
