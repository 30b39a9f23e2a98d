"""The demo world: a deterministic, realistic data set for trying ipcoord out.

`ipcoord demo [--size small|medium|large] [--seed N]` builds it (see `builder.build_demo`);
`ipcoord demo_logins` prints the demo users' logins. A plain package, not a Django app: it has
no models and writes the other apps' tables, organisations and users through core's services,
the bulk register and case rows with `bulk_create`.
"""
