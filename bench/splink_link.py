"""Splink (DuckDB backend) on the same leak and registry as `vigie link`, configured as a
competent user would: names lowercased and without accents, dates parsed from the French
layouts, phones as digits; name comparisons with term-frequency adjustments, date of birth,
NIR, address, postcode, city and phone; probability of a match from a deterministic rule,
u by random sampling, m by EM on two blocking rules; each leak row's best candidate above
0.5. Writes leak_id,registry_id for the accepted pairs.

    python bench/splink_link.py LEAK.csv REGISTRY.csv OUT.csv
"""

import sys

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

leak, registry, out = sys.argv[1:4]
con = duckdb.connect()

# Both files are Windows-1252 with ';' (as exports are).
def clean(name, path, cols):
    con.execute(
        f"""
        create table {name} as
        with raw as (
            select * from read_csv('{path}', delim=';', header=true, encoding='latin-1',
                                   all_varchar=true)
        )
        select
            {cols['id']} as unique_id,
            nullif(lower(strip_accents(trim({cols['first']}))), '') as first_name,
            nullif(lower(strip_accents(trim({cols['last']}))), '') as surname,
            coalesce(
                try_strptime({cols['dob']}, '%d/%m/%Y'),
                try_strptime({cols['dob']}, '%Y-%m-%d'),
                try_strptime({cols['dob']}, '%d/%m/%y')
            )::date as dob,
            nullif(regexp_replace({cols['nir']}, '[^0-9AB]', '', 'g'), '') as nir,
            nullif(lower(strip_accents(trim({cols['address']}))), '') as address,
            nullif(trim({cols['postcode']}), '') as postcode,
            nullif(lower(strip_accents(trim({cols['city']}))), '') as city,
            nullif(regexp_replace({cols['phone']}, '[^0-9]', '', 'g'), '') as phone
        from raw
        """
    )
    con.execute(f"alter table {name} add column birth_year varchar")
    con.execute(f"update {name} set birth_year = cast(year(dob) as varchar)")


clean("leak", leak, {
    "id": '"Réf"', "first": '"Prénom"', "last": '"Nom patient"', "dob": '"DDN"',
    "nir": '"N° SS"', "address": '"Adresse"', "postcode": '"CP"', "city": '"Ville"',
    "phone": '"Tél"',
})
clean("registry", registry, {
    "id": "id", "first": "prenom", "last": "nom", "dob": "date_naissance", "nir": "nir",
    "address": "adresse", "postcode": "code_postal", "city": "ville",
    "phone": "telephone",
})

settings = SettingsCreator(
    link_type="link_only",
    comparisons=[
        cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
        cl.NameComparison("surname").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison("dob", input_is_string=False),
        cl.ExactMatch("nir"),
        cl.JaroWinklerAtThresholds("address", [0.9]),
        cl.ExactMatch("postcode"),
        cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        cl.ExactMatch("phone"),
    ],
    blocking_rules_to_generate_predictions=[
        block_on("surname", "birth_year"),
        block_on("first_name", "dob"),
        block_on("dob", "postcode"),
        block_on("surname", "postcode"),
        block_on("first_name", "surname"),
        block_on("dob"),
        block_on("nir"),
        block_on("phone"),
    ],
    retain_intermediate_calculation_columns=False,
)

db_api = DuckDBAPI(connection=con)
linker = Linker(
    [
        db_api.register("leak", dataset_display_name="leak"),
        db_api.register("registry", dataset_display_name="registry"),
    ], settings, log_level="WARNING"
)
linker.training.estimate_probability_two_random_records_match(
    [block_on("first_name", "surname", "dob")], recall=0.7
)
linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
linker.training.estimate_parameters_using_expectation_maximisation(
    block_on("first_name", "dob")
)
linker.training.estimate_parameters_using_expectation_maximisation(
    block_on("surname", "postcode")
)
pred = linker.inference.predict(threshold_match_probability=0.5)
# Each leak row's best candidate (leak is the left dataset, `_l`).
rows = con.execute(
    f"""
    select unique_id_l, unique_id_r from (
        select *, row_number() over (partition by unique_id_l order by match_weight desc) rn
        from {pred.physical_name}
        where source_dataset_l = 'leak'
    ) where rn = 1
    union all
    select unique_id_r, unique_id_l from (
        select *, row_number() over (partition by unique_id_r order by match_weight desc) rn
        from {pred.physical_name}
        where source_dataset_l <> 'leak'
    ) where rn = 1
    """
).fetchall()
with open(out, "w") as f:
    f.write("leak_id,registry_id\n")
    for leak_id, registry_id in rows:
        f.write(f"{leak_id},{registry_id}\n")
