"""The analyses: fulfilment per nämnd, indicator trends, the assessment check, measurability
and peer comparison. Each takes the tidy frames of docs/datamodell.md and returns a frame."""
