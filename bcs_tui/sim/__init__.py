"""The embedded simulator: the BCS "list operation records" API on loopback, with no cloud.

``server`` (HTTP, auth, faults wiring) serves what ``engine`` computes from ``plan`` and
``state`` (pure, seeded, clock-driven). ``auth`` and ``iam`` check credentials like the cloud,
``faults`` and ``hostile`` misbehave on purpose, ``command`` is ``bcs-tui sim``.
"""
