"""Agent service (代办): the registry, a case carried by an agent, the custody chain."""

from __future__ import annotations

from hallapp.app import AppContext
from hallapp.services import agents
from hallapp.services.actors import Actor
from hallapp.services.halls import actor_for


def test_an_agent_login_maps_to_its_agent_and_a_clerk_to_none(
    demo: AppContext, clerk: Actor
) -> None:
    wangfang = actor_for(demo.read_uow(), "wangfang")
    with demo.read_uow() as uow:
        found = agents.agent_for_actor(uow.session, wangfang)
        assert found is not None and found.name == "王芳"
        assert agents.agent_for_actor(uow.session, clerk) is None
