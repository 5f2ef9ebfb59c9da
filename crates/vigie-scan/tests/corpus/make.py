#!/usr/bin/env python3
"""Writes the scanner's third-party corpus: the same synthetic patients exported by the
tools users' files come from (pandas with openpyxl and xlsxwriter, pyarrow, LibreOffice
headless, pg_dump in its four formats, mariadb-dump (also --tab), the sqlite3 shell, zip, tar, 7z), with
the truth computed here, from what was planted, never from the scanner.

Run from this folder: `python3 make.py` (needs pandas, openpyxl, xlsxwriter, pyarrow,
soffice, a PostgreSQL and a MariaDB server on 127.0.0.1, sqlite3, zip, tar, 7z). The
files and `truth.jsonl`, `persons.json` are committed; the scanner's test reads them.

Hard cases, all synthetic: namesakes (same names, other birth date and NIR), twins
(same last name, birth date and address), pairs sharing a birth date, a household
sharing one e-mail address, patients without a NIR, e-mail addresses with accented
local parts, a practitioner named on every row, phones in prose after a contact verb.
"""

import datetime as dt
import json
import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "files"
SEED = 20261204
N = 500
LETTERS = 60

LAST = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
        "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Lefebvre",
        "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
        "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel",
        "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez",
        "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
        "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël",
        "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard",
        "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin",
        "Fernandez", "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud",
        "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard",
        "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodriguez",
        "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Rivière", "Le Gall", "Guillaume",
        "Adam", "Rey", "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard", "Fleury",
        "Deschamps", "Carpentier", "Julien", "Benoît", "Paris", "Maillard", "Marchal",
        "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet", "Collet", "Prévost", "Poirier",
        "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Paul", "Laine", "Carré",
        "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin",
        "Labbé", "Dupré", "Laroche", "Lebrun", "Besnard", "Héraud"]
FEMALE = ["Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Martine", "Christine",
          "Françoise", "Valérie", "Sandrine", "Stéphanie", "Véronique", "Sophie", "Céline",
          "Chantal", "Patricia", "Anne", "Brigitte", "Julie", "Monique", "Aurélie",
          "Nicole", "Laurence", "Émilie", "Hélène", "Marthe", "Cécile", "Élodie", "Agnès",
          "Mélanie", "Chloé", "Léa", "Manon", "Inès", "Zoé", "Noémie", "Gaëlle", "Anaïs",
          "Clémence", "Josiane", "Odile", "Thérèse", "Geneviève", "Irène", "Solène"]
MALE = ["Jean", "Philippe", "Michel", "Alain", "Patrick", "Nicolas", "Christophe",
        "Pierre", "Christian", "Éric", "Frédéric", "Laurent", "Stéphane", "David",
        "Pascal", "Daniel", "Sébastien", "Julien", "Thierry", "Olivier", "Bernard",
        "Thomas", "Alexandre", "Gérard", "Didier", "Dominique", "Vincent", "François",
        "Bruno", "Guillaume", "Jérôme", "Jacques", "Marcel", "René", "Benoît", "Hervé",
        "Jérémy", "Loïc", "Raphaël", "Gaël", "Noël", "Joël", "Aimé", "Rémi", "Anthony"]
STREETS = ["rue des Lilas", "avenue Jean Jaurès", "boulevard Victor Hugo", "rue de la Paix",
           "place de la République", "rue Pasteur", "chemin des Vignes", "allée des Tilleuls",
           "rue du Moulin", "impasse des Roses", "rue Émile Zola", "avenue de la Gare"]
TOWNS = [("69003", "Lyon", "69", "123"), ("75011", "Paris", "75", "111"),
         ("13005", "Marseille", "13", "205"), ("33000", "Bordeaux", "33", "063"),
         ("31400", "Toulouse", "31", "555"), ("59000", "Lille", "59", "350"),
         ("44000", "Nantes", "44", "109"), ("67000", "Strasbourg", "67", "482"),
         ("35000", "Rennes", "35", "238"), ("21000", "Dijon", "21", "231")]
DOCTORS = ["Dr Paul Girard", "Dr Hélène Vasseur", "Dr Karim Benali", "Dr Anne Poirier",
           "Dr Louis Besnard", "Dr Claire Marchal"]
DIAGNOSES = [("Diabète de type 2", "E11.9"), ("Hypertension artérielle essentielle", "I10"),
             ("Hypothyroïdie", "E03.9"), ("Insuffisance rénale chronique", "N18.9"),
             ("Anémie par carence en fer", "D50.9"), ("Asthme", "J45.9"),
             ("Hépatite C chronique", "B18.2"), ("Dépression", "F32.9")]
DOMAINS = ["example.fr", "example.com", "exemple.org", "courriel.example.net"]


def fold(s):
    table = str.maketrans("àâäçéèêëîïôöùûüÿœæ", "aaaceeeeiioouuuyoa")
    return s.lower().translate(table).replace(" ", "").replace("'", "")


def nir(sex, birth, rng, town):
    # Sex, year, month, département, commune, order, key = 97 - n mod 97.
    body = f"{1 if sex == 'M' else 2}{birth.year % 100:02d}{birth.month:02d}{town[2]}{town[3]}{rng.randrange(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body}{key:02d}"


def phone(rng):
    return "0" + str(rng.choice([1, 2, 3, 4, 5, 6, 7])) + "".join(str(rng.randrange(10)) for _ in range(8))


def make_patients(rng):
    patients = []
    used = set()

    def birth():
        return dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 90))

    def new(sex=None, last=None, first=None, born=None, town=None, street=None, email=None):
        sex = sex or rng.choice("MF")
        first = first or rng.choice(MALE if sex == "M" else FEMALE)
        last = last or rng.choice(LAST)
        born = born or birth()
        town = town or rng.choice(TOWNS)
        street = street or f"{rng.randrange(1, 120)} {rng.choice(STREETS)}"
        if email is None:
            local = f"{first.lower()}.{last.lower()}".replace(" ", "-")
            if rng.random() < 0.5:
                local = fold(local)
            while True:
                e = f"{local}{'' if local not in used else rng.randrange(2, 99)}@{rng.choice(DOMAINS)}"
                if e not in used:
                    break
                local = local + str(rng.randrange(10))
            used.add(e)
            email = e
        diagnosis = rng.choice(DIAGNOSES)
        p = dict(sex=sex, first=first, last=last, birth=born, town=town, street=street,
                 email=email, phone=phone(rng), nir=nir(sex, born, rng, town),
                 diagnosis=diagnosis, doctor=rng.choice(DOCTORS))
        patients.append(p)
        return p

    # Namesakes: same first and last name, other birth date, NIR and town.
    for _ in range(12):
        a = new()
        new(sex=a["sex"], last=a["last"], first=a["first"])
    # Twins: same last name, birth date, address; their own first names and NIRs.
    for _ in range(8):
        a = new()
        sex = rng.choice("MF")
        first = rng.choice([f for f in (MALE if sex == "M" else FEMALE) if f != a["first"]])
        new(sex=sex, first=first, last=a["last"], born=a["birth"], town=a["town"],
            street=a["street"])
    # Pairs born the same day, otherwise unrelated.
    for _ in range(30):
        a = new()
        new(born=a["birth"])
    # A household sharing one e-mail address.
    for _ in range(6):
        a = new()
        new(last=a["last"], town=a["town"], street=a["street"], email=a["email"])
    # Accented local parts as typed by hand (RFC 6531).
    for first, last in [("Marthe", "Dupré"), ("François", "Labbé"), ("Cécile", "Laroche"),
                        ("Hélène", "Guérin"), ("Noël", "Ménard"), ("Gaël", "Héraud")]:
        sex = "M" if first in MALE else "F"
        local = f"{first.lower()}.{last.lower()}"
        email = f"{local}@{rng.choice(DOMAINS)}"
        used.add(email)
        new(sex=sex, first=first, last=last, email=email)
    while len(patients) < N:
        new()
    rng.shuffle(patients)
    # Some have no NIR on file: they are known by name, birth date and e-mail.
    for p in rng.sample(patients, 30):
        p["nir"] = ""
    for i, p in enumerate(patients):
        p["id"] = i + 1
    return patients


TRUTH = []
# Each file's (or member's) patients: its distinct persons.
PERSONS = {}


def plant(path, line, *kinds):
    for k in kinds:
        TRUTH.append({"path": path, "line": line, "kind": k})


def holds(path, patients):
    # Every patient has a diagnosis on file.
    PERSONS[path] = {"distinct": len(patients), "with_nir": sum(1 for p in patients if p["nir"]),
                     "with_health": len(patients)}


COLUMNS = ["id", "nir", "nom", "prenom", "date_naissance", "sexe", "email", "telephone",
           "adresse", "medecin", "commentaire", "code_cim10"]


def row_kinds(p):
    kinds = ["person_name", "person_name", "birth_date", "email", "phone", "postal_address",
             "person_name", "health_term", "icd10"]
    if p["nir"]:
        kinds.append("nir")
    return kinds


def address(p):
    return f"{p['street']}, {p['town'][0]} {p['town'][1]}"


def frame(patients):
    return pd.DataFrame({
        "id": [p["id"] for p in patients],
        "nir": [p["nir"] for p in patients],
        "nom": [p["last"].upper() for p in patients],
        "prenom": [p["first"] for p in patients],
        "date_naissance": [pd.Timestamp(p["birth"]) for p in patients],
        "sexe": [p["sex"] for p in patients],
        "email": [p["email"] for p in patients],
        "telephone": [p["phone"] for p in patients],
        "adresse": [address(p) for p in patients],
        "medecin": [p["doctor"] for p in patients],
        "commentaire": [p["diagnosis"][0] for p in patients],
        "code_cim10": [p["diagnosis"][1] for p in patients],
    })


def plant_rows(path, patients, first_line):
    holds(path, patients)
    for i, p in enumerate(patients):
        plant(path, first_line + i, *row_kinds(p))


def tabular(patients):
    df = frame(patients)
    text = df.assign(date_naissance=df["date_naissance"].dt.strftime("%d/%m/%Y"))
    text.to_csv(OUT / "pandas_cp1252.csv", sep=";", encoding="cp1252", index=False)
    plant_rows("pandas_cp1252.csv", patients, 2)
    # Excel's "CSV UTF-8": a BOM, commas, CRLF.
    text.to_csv(OUT / "excel_utf8_bom.csv", sep=",", encoding="utf-8-sig", index=False,
                lineterminator="\r\n")
    plant_rows("excel_utf8_bom.csv", patients, 2)
    for engine in ["openpyxl", "xlsxwriter"]:
        name = f"pandas_{engine}.xlsx"
        df.to_excel(OUT / name, sheet_name="Patients", index=False, engine=engine)
        plant_rows(name, patients, 2)
    # Stored as the text a database gives: ISO birth dates, NIRs as strings.
    text.assign(date_naissance=df["date_naissance"].dt.date).to_parquet(
        OUT / "pandas.parquet", index=False)
    plant_rows("pandas.parquet", patients, 1)
    # LibreOffice converts the CSV; its header row is row 1 of the sheet.
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "libreoffice.csv"
        text.to_csv(src, sep=",", encoding="utf-8", index=False)
        for target, name in [("ods", "libreoffice.ods"), ("xls:MS Excel 97", "libreoffice.xls"),
                             ("xlsx:Calc MS Excel 2007 XML", "libreoffice.xlsx")]:
            # Import as UTF-8 with every column as text, as a user does for NIRs.
            subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/2/6/2/7/2/8/2/9/2/10/2/11/2/12/2",
                            "--convert-to", target, "--outdir", tmp, str(src)],
                           check=True, capture_output=True)
            made = Path(tmp) / ("libreoffice." + target.split(":")[0])
            shutil.move(made, OUT / name)
            plant_rows(name, patients, 2)


def fodt(letters):
    """A flat ODT: one letter a page, one paragraph a line; returns the lines with their kinds."""
    paragraphs = []  # (text, kinds, page)
    for page, p in enumerate(letters, start=1):
        title = "Madame" if p["sex"] == "F" else "Monsieur"
        civ = "Mme" if p["sex"] == "F" else "M."
        born = "née" if p["sex"] == "F" else "né"
        nir_line = (f"N° de sécurité sociale : {p['nir'][0]} {p['nir'][1:3]} {p['nir'][3:5]} {p['nir'][5:7]} {p['nir'][7:10]} {p['nir'][10:13]} {p['nir'][13:]}"
                    if p["nir"] else "N° de sécurité sociale : non communiqué")
        lines = [
            ("Laboratoire de biologie médicale des Tilleuls", []),
            ("", []),
            ("Objet : compte rendu de résultats", []),
            (f"Patient : {civ} {p['first']} {p['last'].upper()}, {born} le {p['birth']:%d/%m/%Y}",
             ["person_name", "birth_date"]),
            (nir_line, ["nir"] if p["nir"] else []),
            (f"Adresse : {address(p)}", ["postal_address"]),
            (f"Courriel : {p['email']}", ["email"]),
            ("", []),
            (f"{title}, le bilan confirme le diagnostic suivant : {p['diagnosis'][0].lower()} ({p['diagnosis'][1]}).",
             ["health_term", "icd10"]),
            (f"Merci de rappeler la patiente au {p['phone']} pour convenir du suivi."
             if p["sex"] == "F" else
             f"Vous pouvez joindre le secrétariat, qui vous contactera sur votre portable au {p['phone']}.",
             ["phone"]),
            ("", []),
            (p["doctor"], ["person_name"]),
        ]
        for text, kinds in lines:
            paragraphs.append((text, kinds, page))
    body = []
    for i, (text, _, page) in enumerate(paragraphs):
        style = "Break" if i > 0 and paragraphs[i - 1][2] != page else "Standard"
        esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body.append(f'<text:p text:style-name="{style}">{esc}</text:p>')
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:automatic-styles>
<style:style style:name="Break" style:family="paragraph" style:parent-style-name="Standard">
<style:paragraph-properties fo:break-before="page"/></style:style>
</office:automatic-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
"""
    return doc, paragraphs


def documents(letters):
    doc, paragraphs = fodt(letters)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "lettres.fodt"
        src.write_text(doc, encoding="utf-8")
        for target, name in [("docx:MS Word 2007 XML", "lettres.docx"), ("odt", "lettres.odt"),
                             ("pdf:writer_pdf_Export", "lettres.pdf")]:
            subprocess.run(["soffice", "--headless", "--convert-to", target, "--outdir", tmp,
                            str(src)], check=True, capture_output=True)
            shutil.move(Path(tmp) / ("lettres." + target.split(":")[0]), OUT / name)
    for name in ["lettres.docx", "lettres.odt", "lettres.pdf"]:
        holds(name, letters)
    for n, (_, kinds, page) in enumerate(paragraphs, start=1):
        plant("lettres.docx", n, *kinds)
        plant("lettres.odt", n, *kinds)
        plant("lettres.pdf", page, *kinds)


def sql_rows(patients):
    return [(p["id"], p["nir"] or None, p["last"].upper(), p["first"], p["birth"].isoformat(),
             p["sex"], p["email"], p["phone"], address(p), p["doctor"], p["diagnosis"][0],
             p["diagnosis"][1]) for p in patients]


DDL = """CREATE TABLE patients (
  id integer PRIMARY KEY, nir char(15), nom varchar(80), prenom varchar(80),
  date_naissance date, sexe char(1), email varchar(120), telephone varchar(20),
  adresse varchar(200), medecin varchar(80), commentaire text, code_cim10 varchar(8))"""


def lines_of(path, needles, at_start=False):
    """The line where each needle first appears (or starts the line) at or after the
    previous one's line."""
    text = Path(path).read_text(encoding="utf-8").split("\n")
    out, at = [], 0
    for needle in needles:
        while not (text[at].startswith(needle) if at_start else needle in text[at]):
            at += 1
        out.append(at + 1)
    return out


def postgres(patients):
    env = dict(os.environ, PGHOST="127.0.0.1", PGUSER="postgres")
    subprocess.run(["dropdb", "--if-exists", "vigie_corpus"], env=env, check=True)
    subprocess.run(["createdb", "vigie_corpus"], env=env, check=True)
    import csv
    import io
    buf = io.StringIO()
    w = csv.writer(buf)
    for r in sql_rows(patients):
        w.writerow(["" if v is None else v for v in r])
    subprocess.run(["psql", "-q", "-d", "vigie_corpus", "-c", DDL], env=env, check=True)
    subprocess.run(["psql", "-q", "-d", "vigie_corpus", "-c",
                    "\\copy patients FROM stdin WITH (FORMAT csv, NULL '')"],
                   input=buf.getvalue(), text=True, env=env, check=True)
    dump = ["pg_dump", "-d", "vigie_corpus", "--no-owner"]
    subprocess.run(dump + ["-f", OUT / "pg_plain.sql"], env=env, check=True)
    subprocess.run(dump + ["--inserts", "-f", OUT / "pg_inserts.sql"], env=env, check=True)
    subprocess.run(dump + ["-Fc", "-f", OUT / "pg_custom.dump"], env=env, check=True)
    subprocess.run(dump + ["-Ft", "-f", OUT / "pg.tar"], env=env, check=True)
    shutil.rmtree(OUT / "pg_directory", ignore_errors=True)
    subprocess.run(dump + ["-Fd", "-f", OUT / "pg_directory"], env=env, check=True)
    subprocess.run(["dropdb", "vigie_corpus"], env=env, check=True)
    for name in ["pg_plain.sql", "pg_inserts.sql", "pg_custom.dump!public.patients",
                 "pg.tar!public.patients", "pg_directory!public.patients"]:
        holds(name, patients)
    for line, p in zip(lines_of(OUT / "pg_plain.sql", [f"{p['id']}\t" for p in patients], at_start=True), patients):
        plant("pg_plain.sql", line, *row_kinds(p))
    for line, p in zip(lines_of(OUT / "pg_inserts.sql", [f"VALUES ({p['id']}, " for p in patients]), patients):
        plant("pg_inserts.sql", line, *row_kinds(p))
    # The archive formats hold the table's COPY data as a member of its own, named after
    # the table; a row's line is its line in that data (rows in the dump's order).
    for name in ["pg_custom.dump", "pg.tar", "pg_directory"]:
        for i, p in enumerate(patients):
            plant(f"{name}!public.patients", i + 1, *row_kinds(p))


def mariadb(patients):
    my = ["mariadb", "-h", "127.0.0.1", "-u", "root"]
    rows = sql_rows(patients)
    subprocess.run(my + ["-e", "DROP DATABASE IF EXISTS vigie_corpus; CREATE DATABASE vigie_corpus CHARACTER SET utf8mb4"], check=True)
    values = ",".join("(" + ",".join("NULL" if v is None else (str(v) if isinstance(v, int) else "'" + str(v).replace("'", "''") + "'") for v in r) + ")" for r in rows)
    subprocess.run(my + ["vigie_corpus"], input=DDL + ";\nINSERT INTO patients VALUES " + values + ";",
                   text=True, check=True)
    dump = ["mariadb-dump", "-h", "127.0.0.1", "-u", "root", "--skip-dump-date"]
    with open(OUT / "mariadb.sql", "w") as f:
        subprocess.run(dump + ["vigie_corpus"], stdout=f, check=True)
    with open(OUT / "mariadb_rows.sql", "w") as f:
        subprocess.run(dump + ["--skip-extended-insert", "vigie_corpus"], stdout=f, check=True)
    # --tab: the server writes each table's rows (t.txt) where the client writes its
    # schema (t.sql); a folder both can write.
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o777)
        subprocess.run(dump + [f"--tab={tmp}", "vigie_corpus"], check=True)
        shutil.rmtree(OUT / "mariadb_tab", ignore_errors=True)
        shutil.copytree(tmp, OUT / "mariadb_tab")
    holds("mariadb_tab/patients.txt", patients)
    for i, p in enumerate(patients):
        plant("mariadb_tab/patients.txt", i + 1, *row_kinds(p))
    subprocess.run(my + ["-e", "DROP DATABASE vigie_corpus"], check=True)
    holds("mariadb.sql", patients)
    holds("mariadb_rows.sql", patients)
    for line, p in zip(lines_of(OUT / "mariadb.sql", [f"({p['id']}," for p in patients]), patients):
        plant("mariadb.sql", line, *row_kinds(p))
    for line, p in zip(lines_of(OUT / "mariadb_rows.sql", [f"VALUES ({p['id']}," for p in patients]), patients):
        plant("mariadb_rows.sql", line, *row_kinds(p))


def sqlite(patients):
    db = OUT / "sqlite.db"
    db.unlink(missing_ok=True)
    import sqlite3
    con = sqlite3.connect(db)
    con.execute(DDL)
    con.executemany("INSERT INTO patients VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", sql_rows(patients))
    con.commit()
    con.close()
    with open(OUT / "sqlite_dump.sql", "w") as f:
        subprocess.run(["sqlite3", db, ".dump"], stdout=f, check=True)
    holds("sqlite.db", patients)
    holds("sqlite_dump.sql", patients)
    for i, p in enumerate(patients):
        plant("sqlite.db", i + 1, *row_kinds(p))
    for line, p in zip(lines_of(OUT / "sqlite_dump.sql", [f"VALUES({p['id']}," for p in patients]), patients):
        plant("sqlite_dump.sql", line, *row_kinds(p))


def archives(patients):
    """Folders inside zip, tar.gz and 7z: part of the patients as CSV and XLSX."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "export"
        (root / "2025" / "janvier").mkdir(parents=True)
        (root / "tableurs").mkdir()
        half = patients[: N // 2]
        frame(half).assign(date_naissance=lambda d: d["date_naissance"].dt.strftime("%Y-%m-%d")).to_csv(
            root / "2025" / "janvier" / "patients.csv", sep=";", index=False)
        frame(patients[N // 2:]).to_excel(root / "tableurs" / "suite.xlsx", index=False,
                                         sheet_name="Suite", engine="openpyxl")
        for name, cmd in [("export.zip", ["zip", "-qr"]), ("export.tar.gz", ["tar", "czf"]),
                          ("export.7z", ["7z", "a", "-bd", "-bso0"])]:
            (OUT / name).unlink(missing_ok=True)
            subprocess.run(cmd + [str(OUT / name), "export"], cwd=tmp, check=True)
            plant_rows(f"{name}!export/2025/janvier/patients.csv", half, 2)
            plant_rows(f"{name}!export/tableurs/suite.xlsx", patients[N // 2:], 2)


def main():
    rng = random.Random(SEED)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir()
    patients = make_patients(rng)
    tabular(patients)
    documents(patients[:LETTERS])
    postgres(patients)
    mariadb(patients)
    sqlite(patients)
    archives(patients)
    with open(HERE / "truth.jsonl", "w") as f:
        for t in TRUTH:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    # Every file names the same patients (the letters and the archives' members a part of
    # them): one person each, across all files as in each.
    with open(HERE / "persons.json", "w") as f:
        json.dump({"all": {"distinct": N, "with_nir": sum(1 for p in patients if p["nir"]),
                           "with_health": N},
                   "files": PERSONS}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
