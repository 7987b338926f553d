"""代办 area: the agent's workbench, the supervisor's load table and the registry of agents
and village agent points."""
