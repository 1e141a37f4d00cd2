"""Evaluation: datasets, metrics, baselines and reports."""
