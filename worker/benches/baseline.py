#!/usr/bin/env python3
"""Baseline for the worker benchmark: what a data analyst would write with pandas.

    baseline.py generate N FILE   write a national-scale venue CSV (standard v1.0.2)
    baseline.py run FILE OUT_DIR  parse, validate, filter by territory, write JSON

`run` prints one line: rows, seconds, rows/s and peak RSS (MiB), so that
`cargo xtask bench-worker` can compare it with `tpe-worker sync` on the same file.
The validation is the same in spirit as the worker's (required fields, postal
code, coordinates in France, phone to +33, http(s) links, HTML stripped), not
in every detail.
"""

import csv
import json
import math
import os
import random
import resource
import sys
import time

HEADER = (
    "id,pivot,nom,commune,code_postal,code_insee,adresse,complement_adresse,latitude,longitude,"
    "typologie,telephone,courriels,site_web,horaires,presentation_resume,presentation_detail,source,"
    "itinerance,structure_parente,date_maj,services,publics_specifiquement_adresses,"
    "prise_en_charge_specifique,frais_a_charge,dispositif_programmes_nationaux,formations_labels,"
    "autres_formations_labels,modalites_acces,modalites_accompagnement,fiche_acces_libre,prise_rdv"
).split(",")

SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
]
HOURS = [
    "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
    "Tu,Th 08:30-12:00",
    "Mo-Fr 09:00-17:00",
    "Th 08:30-12:00-13:30",
    "",
]
# Soissons, Arras, Calais: INSEE centres and radius.
TERRITORIES = {
    "soissons": (49.3792, 3.3247),
    "arras": (50.2899, 2.7659),
    "calais": (50.9502, 1.8758),
}
RADIUS_KM = 20.0


def generate(n, path):
    rnd = random.Random(1)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(n):
            lat, lon = rnd.uniform(42.5, 51.0), rnd.uniform(-4.5, 8.0)
            cp = "%05d" % rnd.randint(1000, 95999)
            hostile = i % 1000 == 0
            w.writerow([
                f"lieu-{i}", "43493312300029",
                f"<b>Espace</b> numérique {i}" if hostile else f"Espace numérique {i}",
                f"Commune {i % 3000}", cp if i % 997 else "6200", cp,
                f"{i % 200} rue de la République", "", f"{lat:.5f}", f"{lon:.5f}",
                "TIERS_LIEUX|ASSO", "03 21 22 11 61" if i % 2 else "+33321221161",
                f"contact@lieu{i}.fr", "javascript:alert(1)" if hostile else f"https://lieu{i}.fr/",
                rnd.choice(HOURS), "Ateliers numériques pour tous.",
                "Un lieu **ouvert** à tous.", "Bench", "Fixe", "", "2024-04-02",
                "|".join(rnd.sample(SERVICES, 2)), "Jeunes|Seniors", "", "Gratuit",
                "Conseillers numériques", "", "", "Se présenter|Téléphoner",
                "Accompagnement individuel", "", "",
            ])


def run(path, out_dir):
    import pandas as pd

    start = time.perf_counter()
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = len(df)
    ok = (df["id"] != "") & (df["nom"] != "") & (df["adresse"] != "") & (df["commune"] != "")
    ok &= df["code_postal"].str.fullmatch(r"\d{5}")
    df = df[ok].drop_duplicates("id").copy()
    for col in ["nom", "adresse", "commune", "presentation_detail"]:
        df[col] = (df[col].str.replace(r"<[^>]*>", "", regex=True)
                   .str.replace(r"\*\*", "", regex=True).str.strip())
    lat = pd.to_numeric(df["latitude"], errors="coerce")
    lon = pd.to_numeric(df["longitude"], errors="coerce")
    inside = lat.between(41.3, 51.2) & lon.between(-5.3, 9.7) & ~((lat == 0) & (lon == 0))
    df["lat"], df["lon"] = lat.where(inside), lon.where(inside)
    phone = df["telephone"].str.replace(r"[\s.\-]", "", regex=True)
    df["telephone"] = phone.where(~phone.str.match(r"^0\d{9}$"), "+33" + phone.str[1:])
    df["site_web"] = df["site_web"].where(df["site_web"].str.match(r"^https?://"), "")
    os.makedirs(out_dir, exist_ok=True)
    import numpy as np

    for tid, (clat, clon) in TERRITORIES.items():
        # Vectorised haversine, as an analyst would write it with numpy.
        lat_r, lon_r = np.radians(df["lat"].to_numpy(float)), np.radians(df["lon"].to_numpy(float))
        a = np.sin((lat_r - math.radians(clat)) / 2) ** 2 + math.cos(math.radians(clat)) * np.cos(
            lat_r) * np.sin((lon_r - math.radians(clon)) / 2) ** 2
        dist = 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
        dist = np.where(np.isnan(dist), np.inf, dist)
        sel = df[dist <= RADIUS_KM]
        cols = ["id", "nom", "adresse", "code_postal", "commune", "lat", "lon", "telephone",
                "site_web", "horaires", "services"]
        with open(os.path.join(out_dir, f"{tid}.json"), "w", encoding="utf-8") as f:
            json.dump(sel[cols].to_dict(orient="records"), f, ensure_ascii=False)
    secs = time.perf_counter() - start
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"baseline rows={rows} seconds={secs:.2f} rows_per_s={rows / secs:.0f} peak_rss_mib={rss_mib:.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "generate":
        generate(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
