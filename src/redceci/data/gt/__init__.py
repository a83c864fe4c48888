"""Readers for Guatemala's data folder (``../shared/data/guatemala``): INE census 2018 by
municipio and departamento, UNHCR A2SIT municipal indicators, national reference figures
(IGSS, SOSEP CADI, INE projections), MINFIN boundaries, and a user's file of real counts."""
