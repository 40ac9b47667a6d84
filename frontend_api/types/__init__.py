"""GraphQL types of the delivery API, one module per concept."""
