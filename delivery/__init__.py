"""What the app gets and sends, below the GraphQL layer: what fits a moment and
how it ranks (matching, candidates, moment), the taste calendar as the app
reads it (seasons), how content is loaded for it (prefetch), and members'
posts coming in (intake)."""
