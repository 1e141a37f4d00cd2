"""Measurements every layer may use: ranking metrics with bootstrap intervals, and plots. Nothing here
imports the rest of rec, so tuning, ranking and evaluation all sit above it."""
