--
-- PostgreSQL database dump
--

\restrict WUwIBsapouQmYlli8MKoQvr0FczQoiX0lZMS2hrcqG0n21FB3UF5in2g7VKeJRx

-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: patients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.patients (
    id integer NOT NULL,
    nir character(15),
    nom character varying(80),
    prenom character varying(80),
    date_naissance date,
    sexe character(1),
    email character varying(120),
    telephone character varying(20),
    adresse character varying(200),
    medecin character varying(80),
    commentaire text,
    code_cim10 character varying(8)
);


--
-- Data for Name: patients; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.patients (id, nir, nom, prenom, date_naissance, sexe, email, telephone, adresse, medecin, commentaire, code_cim10) FROM stdin;
1	182053306308830	GAUTIER	Christian	1982-05-07	M	christian.gautier@courriel.example.net	0147707599	4 place de la République, 33000 Bordeaux	Dr Claire Marchal	Hépatite C chronique	B18.2
2	207036912356484	LEGRAND	Valérie	2007-03-20	F	valérie.legrand@example.fr	0675871494	69 avenue Jean Jaurès, 69003 Lyon	Dr Paul Girard	Diabète de type 2	E11.9
3	106033523877163	MOULIN	Hervé	2006-03-29	M	hervé.moulin@example.fr	0178279233	43 rue Émile Zola, 35000 Rennes	Dr Karim Benali	Asthme	J45.9
4	252076748290281	CHARPENTIER	Sylvie	1952-07-19	F	sylvie.charpentier@courriel.example.net	0682920206	44 allée des Tilleuls, 67000 Strasbourg	Dr Karim Benali	Insuffisance rénale chronique	N18.9
5	100092123174203	GUILLOT	Didier	2000-09-27	M	didier.guillot@courriel.example.net	0782285288	38 impasse des Roses, 21000 Dijon	Dr Paul Girard	Asthme	J45.9
6	169057511159808	COLLET	Rémi	1969-05-21	M	rémi.collet@exemple.org	0180953153	27 avenue Jean Jaurès, 75011 Paris	Dr Karim Benali	Dépression	F32.9
7	288054410953980	PERROT	Inès	1988-05-09	F	inès.perrot@example.fr	0695217931	15 impasse des Roses, 44000 Nantes	Dr Paul Girard	Diabète de type 2	E11.9
8	201115935021439	CLÉMENT	Catherine	2001-11-08	F	catherine.clement@example.fr	0342577734	9 rue de la Paix, 59000 Lille	Dr Claire Marchal	Dépression	F32.9
9	282054410913403	CHEVALIER	Véronique	1982-05-12	F	véronique.chevalier@example.fr	0554519824	76 chemin des Vignes, 44000 Nantes	Dr Karim Benali	Hépatite C chronique	B18.2
10	132122123173641	COLIN	Stéphane	1932-12-19	M	stéphane.colin@example.fr	0142046042	2 avenue de la Gare, 21000 Dijon	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
11	190066748274460	RODRIGUEZ	Alain	1990-06-28	M	alain.rodriguez@example.fr	0266579792	57 rue du Moulin, 67000 Strasbourg	Dr Paul Girard	Hypothyroïdie	E03.9
12	283081320586640	BARRE	Chloé	1983-08-22	F	chloé.barre@example.fr	0129812357	76 boulevard Victor Hugo, 13005 Marseille	Dr Claire Marchal	Anémie par carence en fer	D50.9
13	\N	GUILLAUME	Thérèse	1960-01-01	F	thérèse.guillaume@courriel.example.net	0710956159	79 avenue de la Gare, 31400 Toulouse	Dr Karim Benali	Insuffisance rénale chronique	N18.9
14	113087511120292	CARON	Noël	2013-08-30	M	noel.caron@exemple.org	0294308301	40 rue du Moulin, 75011 Paris	Dr Anne Poirier	Diabète de type 2	E11.9
15	259086912320017	LAURENT	Isabelle	1959-08-25	F	isabelle.laurent@example.fr	0113343092	80 rue de la Paix, 69003 Lyon	Dr Claire Marchal	Diabète de type 2	E11.9
16	164076748216190	REY	Christian	1964-07-05	M	christian.rey@exemple.org	0127664486	57 avenue Jean Jaurès, 67000 Strasbourg	Dr Karim Benali	Hépatite C chronique	B18.2
17	294036912324718	BRUNET	Hélène	1994-03-16	F	helene.brunet@courriel.example.net	0247901733	92 impasse des Roses, 69003 Lyon	Dr Anne Poirier	Asthme	J45.9
18	\N	ROBERT	Céline	2016-01-02	F	celine.robert@example.fr	0521075308	43 avenue de la Gare, 75011 Paris	Dr Paul Girard	Hypothyroïdie	E03.9
19	281043155591203	MERCIER	Aurélie	1981-04-02	F	aurélie.mercier@courriel.example.net	0675996395	28 rue du Moulin, 31400 Toulouse	Dr Karim Benali	Diabète de type 2	E11.9
20	151034410978516	MOREAU	Bruno	1951-03-15	M	bruno.moreau@courriel.example.net	0543686753	54 rue des Lilas, 44000 Nantes	Dr Claire Marchal	Diabète de type 2	E11.9
21	278043306340438	BARON	Brigitte	1978-04-11	F	brigitte.baron@courriel.example.net	0776641247	116 allée des Tilleuls, 33000 Bordeaux	Dr Paul Girard	Hypertension artérielle essentielle	I10
22	255026748237788	BESNARD	Aurélie	1955-02-19	F	aurelie.besnard@exemple.org	0590635889	96 rue Pasteur, 67000 Strasbourg	Dr Claire Marchal	Anémie par carence en fer	D50.9
23	286077511181606	PHILIPPE	Irène	1986-07-29	F	irène.philippe@courriel.example.net	0401878017	64 rue de la Paix, 75011 Paris	Dr Claire Marchal	Asthme	J45.9
24	219054410974752	ROCHE	Élodie	2019-05-26	F	élodie.roche@example.fr	0603060581	40 chemin des Vignes, 44000 Nantes	Dr Claire Marchal	Anémie par carence en fer	D50.9
25	210126912326391	COLLET	Cécile	2010-12-29	F	cecile.collet@example.com	0390710832	41 avenue Jean Jaurès, 69003 Lyon	Dr Karim Benali	Anémie par carence en fer	D50.9
26	252043155516933	BRUNET	Patricia	1952-04-16	F	patricia.brunet@exemple.org	0613023520	78 avenue de la Gare, 31400 Toulouse	Dr Anne Poirier	Dépression	F32.9
27	194033523894341	DUFOUR	Alain	1994-03-26	M	alain.dufour@example.com	0774981368	86 rue Pasteur, 35000 Rennes	Dr Karim Benali	Insuffisance rénale chronique	N18.9
28	252121320518771	ROYER	Sophie	1952-12-14	F	sophie.royer@example.com	0535773351	27 rue Pasteur, 13005 Marseille	Dr Karim Benali	Dépression	F32.9
29	149123523816762	NGUYEN	Jérémy	1949-12-31	M	jérémy.nguyen@example.com	0400098701	54 rue des Lilas, 35000 Rennes	Dr Anne Poirier	Anémie par carence en fer	D50.9
30	143074410960174	DURAND	Loïc	1943-07-09	M	loic.durand@exemple.org	0564465918	76 rue Pasteur, 44000 Nantes	Dr Anne Poirier	Hépatite C chronique	B18.2
31	149092123106030	RENARD	Jacques	1949-09-22	M	jacques.renard@example.fr	0328213756	21 rue du Moulin, 21000 Dijon	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
32	\N	RODRIGUEZ	Chloé	1988-05-09	F	chloé.rodriguez@example.com	0245521135	43 allée des Tilleuls, 75011 Paris	Dr Louis Besnard	Hépatite C chronique	B18.2
33	281083155534354	PARIS	Véronique	1981-08-10	F	veronique.paris@exemple.org	0191085573	48 chemin des Vignes, 31400 Toulouse	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
34	112103155540362	BRUNET	Noël	2012-10-22	M	noel.brunet@exemple.org	0652657438	107 place de la République, 31400 Toulouse	Dr Paul Girard	Hypertension artérielle essentielle	I10
35	289086748262219	MARTINEZ	Sophie	1989-08-27	F	sophie.martinez@example.fr	0198602679	98 place de la République, 67000 Strasbourg	Dr Paul Girard	Anémie par carence en fer	D50.9
36	194091320516772	ROUSSEAU	Gaël	1994-09-26	M	gael.rousseau@example.fr	0601628496	56 chemin des Vignes, 13005 Marseille	Dr Louis Besnard	Anémie par carence en fer	D50.9
37	212035935054511	BESNARD	Agnès	2012-03-13	F	agnes.besnard@exemple.org	0537566191	44 impasse des Roses, 59000 Lille	Dr Karim Benali	Asthme	J45.9
38	161123155555662	DUPONT	Michel	1961-12-13	M	michel.dupont@example.com	0487810224	7 boulevard Victor Hugo, 31400 Toulouse	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
39	298063523860287	ROUX	Clémence	1998-06-14	F	clémence.roux@example.com	0253679430	10 rue Émile Zola, 35000 Rennes	Dr Paul Girard	Hypertension artérielle essentielle	I10
40	232101320525974	LABBÉ	Hélène	1932-10-29	F	helene.labbe@courriel.example.net	0320615697	85 rue Émile Zola, 13005 Marseille	Dr Louis Besnard	Hépatite C chronique	B18.2
41	208064410972151	COLIN	Céline	2008-06-17	F	celine.colin@example.com	0480210519	85 avenue Jean Jaurès, 44000 Nantes	Dr Karim Benali	Anémie par carence en fer	D50.9
42	112013523854560	LUCAS	Dominique	2012-01-31	M	dominique.lucas@example.fr	0673941039	20 rue des Lilas, 35000 Rennes	Dr Karim Benali	Anémie par carence en fer	D50.9
43	100106912385111	GARCIA	Éric	2000-10-14	M	eric.garcia@example.fr	0311967797	27 rue des Lilas, 69003 Lyon	Dr Louis Besnard	Diabète de type 2	E11.9
44	262067511107267	MOULIN	Clémence	1962-06-25	F	clemence.moulin@example.com	0520557476	48 rue des Lilas, 75011 Paris	Dr Hélène Vasseur	Hépatite C chronique	B18.2
45	278015935085524	BOURGEOIS	Isabelle	1978-01-03	F	isabelle.bourgeois@example.fr	0347918870	76 rue des Lilas, 59000 Lille	Dr Hélène Vasseur	Dépression	F32.9
46	205054410914480	DUFOUR	Brigitte	2005-05-14	F	brigitte.dufour@example.com	0345071533	83 chemin des Vignes, 44000 Nantes	Dr Anne Poirier	Asthme	J45.9
47	200071320513470	DUMAS	Anaïs	2000-07-29	F	anaïs.dumas@courriel.example.net	0217673631	102 allée des Tilleuls, 13005 Marseille	Dr Karim Benali	Hépatite C chronique	B18.2
48	\N	JACQUET	Laurent	1981-07-09	M	laurent.jacquet@example.com	0553512359	53 rue des Lilas, 67000 Strasbourg	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
49	169071320554118	BARRE	Rémi	1969-07-29	M	remi.barre@example.com	0494027392	2 allée des Tilleuls, 13005 Marseille	Dr Paul Girard	Diabète de type 2	E11.9
50	265053523889834	RENAUD	Marie	1965-05-14	F	marie.renaud@courriel.example.net	0720121243	80 rue Pasteur, 35000 Rennes	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
51	152093306395320	LABBÉ	François	1952-09-18	M	françois.labbé@courriel.example.net	0324624004	80 avenue Jean Jaurès, 33000 Bordeaux	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
52	\N	ROY	Odile	1961-06-10	F	odile.roy@courriel.example.net	0121159168	91 place de la République, 35000 Rennes	Dr Karim Benali	Asthme	J45.9
53	153073155578152	SIMON	René	1953-07-28	M	rene.simon@example.fr	0757537584	92 place de la République, 31400 Toulouse	Dr Paul Girard	Insuffisance rénale chronique	N18.9
54	245043306372870	JACQUET	Nicole	1945-04-27	F	nicole.jacquet@example.fr	0166702533	64 avenue Jean Jaurès, 33000 Bordeaux	Dr Claire Marchal	Asthme	J45.9
55	180017511104357	MARTINEZ	Noël	1980-01-09	M	noël.martinez@exemple.org	0468699161	96 avenue de la Gare, 75011 Paris	Dr Louis Besnard	Asthme	J45.9
56	266104410953182	JOLY	Valérie	1966-10-23	F	valerie.joly@courriel.example.net	0611484394	95 allée des Tilleuls, 44000 Nantes	Dr Karim Benali	Hypertension artérielle essentielle	I10
57	157045935079448	LOPEZ	Michel	1957-04-01	M	michel.lopez@exemple.org	0305891418	80 rue du Moulin, 59000 Lille	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
58	234061320567281	ANDRÉ	Catherine	1934-06-14	F	catherine.andre@courriel.example.net	0573232331	45 avenue de la Gare, 13005 Marseille	Dr Karim Benali	Anémie par carence en fer	D50.9
59	139071320548787	MATHIEU	Christophe	1939-07-19	M	christophe.mathieu@exemple.org	0662976132	30 rue de la Paix, 13005 Marseille	Dr Paul Girard	Hypertension artérielle essentielle	I10
60	175113155555144	MOREAU	David	1975-11-30	M	david.moreau@example.com	0396905912	45 rue Émile Zola, 31400 Toulouse	Dr Anne Poirier	Hypothyroïdie	E03.9
61	217127511179890	GIRARD	Nicole	2017-12-05	F	nicole.girard@example.fr	0199590133	24 avenue de la Gare, 75011 Paris	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
62	155033523858579	DA SILVA	Aimé	1955-03-01	M	aime.da-silva@exemple.org	0326882774	12 rue des Lilas, 35000 Rennes	Dr Louis Besnard	Dépression	F32.9
63	213075935081250	RENAUD	Céline	2013-07-11	F	céline.renaud@exemple.org	0497636901	43 boulevard Victor Hugo, 59000 Lille	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
64	117063306304375	BENOÎT	Marcel	2017-06-18	M	marcel.benoît@example.fr	0114099535	7 rue des Lilas, 33000 Bordeaux	Dr Paul Girard	Hypothyroïdie	E03.9
65	\N	DUPONT	Céline	1992-03-23	F	celine.dupont@example.fr	0566026159	88 rue Pasteur, 59000 Lille	Dr Karim Benali	Hépatite C chronique	B18.2
66	289015935051717	DURAND	Christine	1989-01-05	F	christine.durand@example.com	0633212864	52 rue Émile Zola, 59000 Lille	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
67	230123155538355	LAINE	Monique	1930-12-03	F	monique.laine@example.com	0694168637	73 impasse des Roses, 31400 Toulouse	Dr Paul Girard	Asthme	J45.9
68	111012123159763	CARRÉ	Jérôme	2011-01-22	M	jérôme.carré@exemple.org	0168899400	23 avenue Jean Jaurès, 21000 Dijon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
69	239094410952834	LOPEZ	Thérèse	1939-09-23	F	therese.lopez@exemple.org	0439418611	20 chemin des Vignes, 44000 Nantes	Dr Claire Marchal	Hypertension artérielle essentielle	I10
70	107123155549256	GUILLOT	Gérard	2007-12-26	M	gerard.guillot@example.com	0705396326	57 rue Pasteur, 31400 Toulouse	Dr Anne Poirier	Asthme	J45.9
71	290044410933474	DUMONT	Manon	1990-04-26	F	manon.dumont@example.fr	0513302002	105 allée des Tilleuls, 44000 Nantes	Dr Paul Girard	Diabète de type 2	E11.9
72	269023523853853	POIRIER	Martine	1969-02-18	F	martine.poirier@courriel.example.net	0516163085	105 place de la République, 35000 Rennes	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
73	199043306312121	LE GALL	Guillaume	1999-04-03	M	guillaume.le-gall@example.fr	0472566889	79 boulevard Victor Hugo, 33000 Bordeaux	Dr Karim Benali	Insuffisance rénale chronique	N18.9
74	178015935050041	BOURGEOIS	Alexandre	1978-01-03	M	alexandre.bourgeois@example.fr	0602555400	76 rue des Lilas, 59000 Lille	Dr Claire Marchal	Hypertension artérielle essentielle	I10
75	\N	PHILIPPE	Patrick	1955-11-24	M	patrick.philippe@example.com	0405650104	18 avenue de la Gare, 69003 Lyon	Dr Karim Benali	Hypertension artérielle essentielle	I10
76	208021320515958	VASSEUR	Léa	2008-02-21	F	lea.vasseur@courriel.example.net	0208170346	8 rue du Moulin, 13005 Marseille	Dr Karim Benali	Hypothyroïdie	E03.9
77	171033306378237	BRUNET	Rémi	1971-03-08	M	rémi.brunet@example.fr	0175275319	31 impasse des Roses, 33000 Bordeaux	Dr Paul Girard	Hépatite C chronique	B18.2
78	110026912376264	BRUNET	Raphaël	2010-02-11	M	raphael.brunet@example.com	0153646565	14 place de la République, 69003 Lyon	Dr Karim Benali	Dépression	F32.9
79	207056748252512	NICOLAS	Chantal	2007-05-13	F	chantal.nicolas@example.com	0507849960	64 impasse des Roses, 67000 Strasbourg	Dr Claire Marchal	Dépression	F32.9
80	280061320519253	LEMAIRE	Laurence	1980-06-17	F	laurence.lemaire@courriel.example.net	0779646471	108 place de la République, 13005 Marseille	Dr Anne Poirier	Anémie par carence en fer	D50.9
81	195023155596459	BENOÎT	Dominique	1995-02-04	M	dominique.benoit@courriel.example.net	0347933939	37 allée des Tilleuls, 31400 Toulouse	Dr Hélène Vasseur	Diabète de type 2	E11.9
82	213033306391379	LOUIS	Valérie	2013-03-04	F	valérie.louis@example.com	0568362398	13 rue Émile Zola, 33000 Bordeaux	Dr Paul Girard	Insuffisance rénale chronique	N18.9
83	231057511119688	BRUN	Isabelle	1931-05-13	F	isabelle.brun@example.fr	0357515362	85 impasse des Roses, 75011 Paris	Dr Karim Benali	Insuffisance rénale chronique	N18.9
84	133093306360340	VIDAL	Jérémy	1933-09-29	M	jérémy.vidal@exemple.org	0190671659	41 rue des Lilas, 33000 Bordeaux	Dr Louis Besnard	Asthme	J45.9
85	182032123195343	BARON	Aimé	1982-03-26	M	aime.baron@example.com	0304016292	96 rue Émile Zola, 21000 Dijon	Dr Karim Benali	Asthme	J45.9
86	290033155575591	DA SILVA	Cécile	1990-03-15	F	cecile.da-silva@courriel.example.net	0340798092	34 avenue de la Gare, 31400 Toulouse	Dr Louis Besnard	Diabète de type 2	E11.9
87	281105935009802	GARCIA	Cécile	1981-10-19	F	cecile.garcia@courriel.example.net	0438803214	21 allée des Tilleuls, 59000 Lille	Dr Karim Benali	Asthme	J45.9
88	250114410957166	JACQUET	Christine	1950-11-06	F	christine.jacquet@exemple.org	0232416079	108 rue du Moulin, 44000 Nantes	Dr Paul Girard	Hépatite C chronique	B18.2
89	147076912359649	ROUSSEL	Olivier	1947-07-14	M	olivier.roussel@example.fr	0132125079	96 rue Émile Zola, 69003 Lyon	Dr Karim Benali	Anémie par carence en fer	D50.9
90	263084410949935	LABBÉ	Gaëlle	1963-08-29	F	gaëlle.labbé@example.com	0110733749	26 impasse des Roses, 44000 Nantes	Dr Hélène Vasseur	Hypothyroïdie	E03.9
91	211057511140583	HUET	Odile	2011-05-28	F	odile.huet@exemple.org	0119121950	102 boulevard Victor Hugo, 75011 Paris	Dr Hélène Vasseur	Dépression	F32.9
92	288082123172507	LOUIS	Marie	1988-08-15	F	marie.louis@exemple.org	0608764104	91 rue du Moulin, 21000 Dijon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
93	259093155591393	SCHNEIDER	Clémence	1959-09-24	F	clémence.schneider@example.com	0771396332	45 allée des Tilleuls, 31400 Toulouse	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
94	105076748208352	RENAULT	Bruno	2005-07-09	M	bruno.renault@example.fr	0545709243	39 impasse des Roses, 67000 Strasbourg	Dr Paul Girard	Hypothyroïdie	E03.9
95	206051320506903	DUFOUR	Monique	2006-05-28	F	monique.dufour@courriel.example.net	0322771161	2 avenue de la Gare, 13005 Marseille	Dr Louis Besnard	Hypothyroïdie	E03.9
96	255077511192954	LAMBERT	Odile	1955-07-12	F	odile.lambert@example.fr	0458124649	111 rue des Lilas, 75011 Paris	Dr Louis Besnard	Hépatite C chronique	B18.2
97	250093155563734	OLIVIER	Martine	1950-09-18	F	martine.olivier@courriel.example.net	0786605338	38 avenue de la Gare, 31400 Toulouse	Dr Hélène Vasseur	Diabète de type 2	E11.9
98	217073306328986	GIRAUD	Patricia	2017-07-12	F	patricia.giraud@courriel.example.net	0421967401	84 rue Émile Zola, 33000 Bordeaux	Dr Paul Girard	Dépression	F32.9
99	114053306324603	COLLET	Dominique	2014-05-13	M	dominique.collet@example.fr	0538692752	104 rue du Moulin, 33000 Bordeaux	Dr Hélène Vasseur	Asthme	J45.9
100	115083306344101	ROYER	Gérard	2015-08-07	M	gérard.royer@courriel.example.net	0734041480	88 rue des Lilas, 33000 Bordeaux	Dr Anne Poirier	Hypothyroïdie	E03.9
101	264087511158768	OLIVIER	Anne	1964-08-12	F	anne.olivier@courriel.example.net	0179931519	111 place de la République, 75011 Paris	Dr Claire Marchal	Hypertension artérielle essentielle	I10
102	200046912304688	MOREL	Véronique	2000-04-08	F	véronique.morel@exemple.org	0723083991	46 rue des Lilas, 69003 Lyon	Dr Louis Besnard	Anémie par carence en fer	D50.9
103	186033523839115	LECLERCQ	Noël	1986-03-05	M	noel.leclercq@exemple.org	0651861316	71 rue des Lilas, 35000 Rennes	Dr Anne Poirier	Dépression	F32.9
104	100087511116389	ROCHE	Christian	2000-08-04	M	christian.roche@exemple.org	0254770213	97 impasse des Roses, 75011 Paris	Dr Anne Poirier	Anémie par carence en fer	D50.9
105	138127511188096	ROUX	Daniel	1938-12-21	M	daniel.roux@courriel.example.net	0776486330	45 rue Pasteur, 75011 Paris	Dr Paul Girard	Hypothyroïdie	E03.9
106	154053523827780	LECLERC	Alain	1954-05-15	M	alain.leclerc@exemple.org	0159633572	86 allée des Tilleuls, 35000 Rennes	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
107	246042123159002	BARON	Marie	1946-04-12	F	marie.baron@example.com	0741829283	95 rue des Lilas, 21000 Dijon	Dr Karim Benali	Diabète de type 2	E11.9
108	107031320540623	OLIVIER	Sébastien	2007-03-30	M	sébastien.olivier@courriel.example.net	0548818255	83 chemin des Vignes, 13005 Marseille	Dr Karim Benali	Diabète de type 2	E11.9
109	294086912343705	ARNAUD	Françoise	1994-08-15	F	françoise.arnaud@courriel.example.net	0743717247	78 boulevard Victor Hugo, 69003 Lyon	Dr Anne Poirier	Dépression	F32.9
110	144056748273477	LECLERCQ	Guillaume	1944-05-20	M	guillaume.leclercq@example.com	0508291577	19 chemin des Vignes, 67000 Strasbourg	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
111	160054410936428	DUPUY	Dominique	1960-05-19	M	dominique.dupuy@exemple.org	0276137295	97 rue du Moulin, 44000 Nantes	Dr Karim Benali	Hypothyroïdie	E03.9
112	237096748283542	LUCAS	Brigitte	1937-09-01	F	brigitte.lucas@exemple.org	0474129982	95 rue du Moulin, 67000 Strasbourg	Dr Louis Besnard	Asthme	J45.9
113	188044410987074	MEYER	Jean	1988-04-25	M	jean.meyer@example.fr	0367359926	3 avenue Jean Jaurès, 44000 Nantes	Dr Louis Besnard	Diabète de type 2	E11.9
114	211096912330945	LECLERCQ	Anaïs	2011-09-30	F	anais.leclercq@example.fr	0621875204	14 place de la République, 69003 Lyon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
115	190012123120873	PIERRE	Bernard	1990-01-23	M	bernard.pierre@courriel.example.net	0668226190	75 rue de la Paix, 21000 Dijon	Dr Hélène Vasseur	Hépatite C chronique	B18.2
116	151033155561756	LEFÈVRE	Christian	1951-03-31	M	christian.lefèvre@example.com	0302351261	20 impasse des Roses, 31400 Toulouse	Dr Karim Benali	Diabète de type 2	E11.9
117	\N	DUPUY	Bernard	2010-12-03	M	bernard.dupuy@example.fr	0647563558	67 allée des Tilleuls, 31400 Toulouse	Dr Claire Marchal	Hypertension artérielle essentielle	I10
118	244121320587863	NICOLAS	Mélanie	1944-12-07	F	melanie.nicolas@example.com	0694931096	91 rue de la Paix, 13005 Marseille	Dr Louis Besnard	Hypertension artérielle essentielle	I10
119	145054410965089	GAILLARD	Philippe	1945-05-04	M	philippe.gaillard@example.fr	0155017785	1 avenue Jean Jaurès, 44000 Nantes	Dr Karim Benali	Anémie par carence en fer	D50.9
120	159123155539926	GUILLAUME	Thierry	1959-12-08	M	thierry.guillaume@exemple.org	0468302110	109 rue Émile Zola, 31400 Toulouse	Dr Claire Marchal	Asthme	J45.9
121	242072123125794	MEYER	Irène	1942-07-04	F	irène.meyer@exemple.org	0382328576	24 rue du Moulin, 21000 Dijon	Dr Claire Marchal	Hypothyroïdie	E03.9
122	167116748292717	NOËL	Raphaël	1967-11-18	M	raphael.noel@courriel.example.net	0358820746	105 avenue Jean Jaurès, 67000 Strasbourg	Dr Anne Poirier	Anémie par carence en fer	D50.9
123	181056748283011	LE GALL	Bruno	1981-05-24	M	bruno.le-gall@example.fr	0459488670	61 place de la République, 67000 Strasbourg	Dr Louis Besnard	Anémie par carence en fer	D50.9
124	198084410983472	BRUNET	Patrick	1998-08-26	M	patrick.brunet@exemple.org	0656329636	36 impasse des Roses, 44000 Nantes	Dr Anne Poirier	Hypothyroïdie	E03.9
125	287036748281934	VIDAL	Odile	1987-03-23	F	odile.vidal@example.fr	0619387681	33 boulevard Victor Hugo, 67000 Strasbourg	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
126	185126748212154	MARTINEZ	Noël	1985-12-11	M	noël.martinez@courriel.example.net	0571955711	84 rue Émile Zola, 67000 Strasbourg	Dr Hélène Vasseur	Hépatite C chronique	B18.2
127	234074410987495	MARIE	Céline	1934-07-30	F	céline.marie@example.fr	0147019613	5 place de la République, 44000 Nantes	Dr Louis Besnard	Hépatite C chronique	B18.2
128	108107511179765	GUILLOT	Gérard	2008-10-10	M	gerard.guillot5@example.fr	0396846527	2 avenue de la Gare, 75011 Paris	Dr Paul Girard	Hypertension artérielle essentielle	I10
129	143054410932725	ARNAUD	Jacques	1943-05-03	M	jacques.arnaud@example.fr	0439281036	106 rue Pasteur, 44000 Nantes	Dr Claire Marchal	Hépatite C chronique	B18.2
130	203053155512470	LACROIX	Patricia	2003-05-19	F	patricia.lacroix@example.fr	0712683414	68 impasse des Roses, 31400 Toulouse	Dr Claire Marchal	Diabète de type 2	E11.9
131	155103306395680	JULIEN	Guillaume	1955-10-21	M	guillaume.julien@exemple.org	0337330774	10 allée des Tilleuls, 33000 Bordeaux	Dr Karim Benali	Hépatite C chronique	B18.2
132	244106912308229	RODRIGUEZ	Chantal	1944-10-17	F	chantal.rodriguez@exemple.org	0791446147	1 avenue de la Gare, 69003 Lyon	Dr Claire Marchal	Hypertension artérielle essentielle	I10
133	157077511110851	DESCHAMPS	François	1957-07-28	M	françois.deschamps@example.fr	0160682195	75 boulevard Victor Hugo, 75011 Paris	Dr Louis Besnard	Hypothyroïdie	E03.9
134	178076748288736	PAUL	Christophe	1978-07-09	M	christophe.paul@example.com	0215832101	82 rue Émile Zola, 67000 Strasbourg	Dr Claire Marchal	Diabète de type 2	E11.9
135	117041320525984	MAILLARD	Bruno	2017-04-23	M	bruno.maillard@exemple.org	0195438846	34 avenue Jean Jaurès, 13005 Marseille	Dr Louis Besnard	Hypertension artérielle essentielle	I10
136	117113306343851	COUSIN	Philippe	2017-11-23	M	philippe.cousin@example.fr	0148830822	20 rue de la Paix, 33000 Bordeaux	Dr Louis Besnard	Diabète de type 2	E11.9
137	139016748267427	ROLLAND	Sébastien	1939-01-11	M	sebastien.rolland@exemple.org	0138742800	74 boulevard Victor Hugo, 67000 Strasbourg	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
138	181033155569461	JULIEN	Noël	1981-03-07	M	noël.julien@exemple.org	0483147642	64 allée des Tilleuls, 31400 Toulouse	Dr Louis Besnard	Hypothyroïdie	E03.9
139	247122123119192	LEROY	Laurence	1947-12-06	F	laurence.leroy@example.fr	0241182042	50 chemin des Vignes, 21000 Dijon	Dr Anne Poirier	Hépatite C chronique	B18.2
140	172071320503487	ROUSSEL	Benoît	1972-07-09	M	benoit.roussel@exemple.org	0698147744	39 rue Pasteur, 13005 Marseille	Dr Paul Girard	Asthme	J45.9
141	171076912346076	COLLET	Bruno	1971-07-05	M	bruno.collet@courriel.example.net	0339332820	116 boulevard Victor Hugo, 69003 Lyon	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
142	\N	LABBÉ	Daniel	1972-02-22	M	daniel.labbe@example.fr	0676735476	81 rue des Lilas, 33000 Bordeaux	Dr Karim Benali	Insuffisance rénale chronique	N18.9
143	250012123114014	ROYER	Manon	1950-01-26	F	manon.royer@example.com	0346220537	88 chemin des Vignes, 21000 Dijon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
144	\N	LAROCHE	Olivier	2007-02-12	M	olivier.laroche@example.fr	0506559502	80 chemin des Vignes, 67000 Strasbourg	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
145	181033523897069	SCHNEIDER	Aimé	1981-03-07	M	aime.schneider@exemple.org	0279573920	80 place de la République, 35000 Rennes	Dr Karim Benali	Anémie par carence en fer	D50.9
146	167123523878616	ROCHE	Jérémy	1967-12-22	M	jérémy.roche@example.fr	0100419591	115 rue Pasteur, 35000 Rennes	Dr Claire Marchal	Hypertension artérielle essentielle	I10
147	144112123130265	PONS	Julien	1944-11-13	M	julien.pons@courriel.example.net	0123631296	95 rue Émile Zola, 21000 Dijon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
148	176043306364740	LAURENT	Raphaël	1976-04-18	M	raphaël.laurent@courriel.example.net	0199011594	107 place de la République, 33000 Bordeaux	Dr Claire Marchal	Diabète de type 2	E11.9
149	108086912373888	VASSEUR	Daniel	2008-08-31	M	daniel.vasseur@courriel.example.net	0426250715	90 chemin des Vignes, 69003 Lyon	Dr Hélène Vasseur	Insuffisance rénale chronique	N18.9
150	204046912380902	DUVAL	Solène	2004-04-20	F	solène.duval@exemple.org	0606456362	23 rue des Lilas, 69003 Lyon	Dr Hélène Vasseur	Asthme	J45.9
151	178085935057677	SIMON	Gérard	1978-08-02	M	gerard.simon@exemple.org	0493013362	15 impasse des Roses, 59000 Lille	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
152	214014410995624	FONTAINE	Aurélie	2014-01-31	F	raphael.fontaine@exemple.org	0337860573	109 avenue de la Gare, 44000 Nantes	Dr Louis Besnard	Dépression	F32.9
153	244113306391643	BOURGEOIS	Marie	1944-11-11	F	marie.bourgeois@example.com	0285051952	99 boulevard Victor Hugo, 33000 Bordeaux	Dr Claire Marchal	Asthme	J45.9
154	132105935052388	CLÉMENT	Dominique	1932-10-05	M	dominique.clement@courriel.example.net	0407004257	117 allée des Tilleuls, 59000 Lille	Dr Karim Benali	Asthme	J45.9
155	241127511151867	DUPONT	Léa	1941-12-19	F	léa.dupont@courriel.example.net	0424884258	106 rue des Lilas, 75011 Paris	Dr Anne Poirier	Anémie par carence en fer	D50.9
156	165093523810667	MEUNIER	Bernard	1965-09-15	M	bernard.meunier@courriel.example.net	0207936683	106 allée des Tilleuls, 35000 Rennes	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
157	217125935070244	LABBÉ	Véronique	2017-12-27	F	véronique.labbé@example.fr	0736653344	66 avenue de la Gare, 59000 Lille	Dr Hélène Vasseur	Insuffisance rénale chronique	N18.9
158	102103155552047	LAMBERT	Michel	2002-10-14	M	michel.lambert@example.com	0525694552	30 rue des Lilas, 31400 Toulouse	Dr Karim Benali	Hépatite C chronique	B18.2
159	\N	ROBIN	Jacques	1947-08-09	M	jacques.robin@exemple.org	0149755242	20 boulevard Victor Hugo, 13005 Marseille	Dr Anne Poirier	Anémie par carence en fer	D50.9
160	183046748252607	MOREAU	Jérémy	1983-04-04	M	jérémy.moreau@example.fr	0485509071	35 allée des Tilleuls, 67000 Strasbourg	Dr Karim Benali	Dépression	F32.9
161	166041320587871	ROBERT	Raphaël	1966-04-13	M	raphaël.robert@courriel.example.net	0493981887	24 rue de la Paix, 13005 Marseille	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
162	107053523845670	RENAUD	Pierre	2007-05-13	M	pierre.renaud@exemple.org	0630746922	22 rue du Moulin, 35000 Rennes	Dr Hélène Vasseur	Hypothyroïdie	E03.9
163	273093306303553	MARCHAND	Inès	1973-09-28	F	inès.marchand@example.com	0385376069	104 place de la République, 33000 Bordeaux	Dr Paul Girard	Hypothyroïdie	E03.9
164	142033306396613	LEROY	Daniel	1942-03-17	M	daniel.leroy@example.fr	0732842189	21 allée des Tilleuls, 33000 Bordeaux	Dr Anne Poirier	Dépression	F32.9
165	170113155543517	PONS	Bernard	1970-11-12	M	bernard.pons@example.com	0461233460	66 rue des Lilas, 31400 Toulouse	Dr Anne Poirier	Diabète de type 2	E11.9
166	156105935027533	FERNANDEZ	Daniel	1956-10-05	M	daniel.fernandez@courriel.example.net	0459977387	16 chemin des Vignes, 59000 Lille	Dr Paul Girard	Asthme	J45.9
167	247101320548385	DUPUY	Brigitte	1947-10-22	F	brigitte.dupuy@example.fr	0328256615	43 boulevard Victor Hugo, 13005 Marseille	Dr Karim Benali	Anémie par carence en fer	D50.9
168	100033155531841	MATHIEU	Vincent	2000-03-08	M	vincent.mathieu@example.fr	0168593091	106 rue Émile Zola, 31400 Toulouse	Dr Hélène Vasseur	Hépatite C chronique	B18.2
169	200083155535534	LEGRAND	Thérèse	2000-08-02	F	thérèse.legrand@courriel.example.net	0306264795	82 rue de la Paix, 31400 Toulouse	Dr Louis Besnard	Hypothyroïdie	E03.9
170	\N	BERNARD	Nicolas	1950-09-05	M	nicolas.bernard@exemple.org	0202802465	6 rue Pasteur, 21000 Dijon	Dr Claire Marchal	Asthme	J45.9
171	188083155537025	BERGER	Olivier	1988-08-16	M	olivier.berger@example.fr	0252139048	95 place de la République, 31400 Toulouse	Dr Anne Poirier	Hypothyroïdie	E03.9
172	112095935037338	MARTIN	Olivier	2012-09-19	M	olivier.martin@exemple.org	0202174550	117 chemin des Vignes, 59000 Lille	Dr Anne Poirier	Diabète de type 2	E11.9
173	207011320555385	FERNANDEZ	Clémence	2007-01-22	F	clemence.fernandez@exemple.org	0543676554	84 avenue Jean Jaurès, 13005 Marseille	Dr Hélène Vasseur	Hépatite C chronique	B18.2
174	213082123171506	LAINE	Christine	2013-08-07	F	christine.laine@exemple.org	0154240282	59 place de la République, 21000 Dijon	Dr Paul Girard	Anémie par carence en fer	D50.9
175	231037511151726	FONTAINE	Manon	1931-03-28	F	manon.fontaine@example.com	0222067129	88 boulevard Victor Hugo, 75011 Paris	Dr Louis Besnard	Hypertension artérielle essentielle	I10
176	216093306347677	MOREAU	Anne	2016-09-25	F	anne.moreau@example.fr	0114102584	90 rue des Lilas, 33000 Bordeaux	Dr Claire Marchal	Diabète de type 2	E11.9
177	105072123136209	ARNAUD	Jacques	2005-07-02	M	jacques.arnaud@example.com	0732708378	82 rue des Lilas, 21000 Dijon	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
178	266023523831931	SANCHEZ	Aurélie	1966-02-26	F	aurélie.sanchez@example.fr	0765232068	4 boulevard Victor Hugo, 35000 Rennes	Dr Paul Girard	Asthme	J45.9
179	178103523816467	COLIN	Pascal	1978-10-08	M	pascal.colin@courriel.example.net	0561317936	50 avenue de la Gare, 35000 Rennes	Dr Hélène Vasseur	Dépression	F32.9
180	199126748289945	NOËL	Jérémy	1999-12-31	M	jérémy.noël@exemple.org	0478160824	61 avenue de la Gare, 67000 Strasbourg	Dr Karim Benali	Insuffisance rénale chronique	N18.9
181	188096912338826	LAROCHE	Sébastien	1988-09-02	M	sébastien.laroche@exemple.org	0176399350	37 rue Pasteur, 69003 Lyon	Dr Paul Girard	Hypothyroïdie	E03.9
182	202082123165424	LOUIS	Christine	2002-08-11	F	christine.louis@example.fr	0392656720	16 rue Pasteur, 21000 Dijon	Dr Karim Benali	Hypertension artérielle essentielle	I10
183	267064410931291	MORIN	Céline	1967-06-06	F	céline.morin@courriel.example.net	0760946820	66 rue du Moulin, 44000 Nantes	Dr Hélène Vasseur	Hépatite C chronique	B18.2
184	134106912363615	VASSEUR	Pascal	1934-10-19	M	pascal.vasseur@exemple.org	0582972315	1 boulevard Victor Hugo, 69003 Lyon	Dr Louis Besnard	Diabète de type 2	E11.9
185	209066912354652	LEFEBVRE	Stéphanie	2009-06-09	F	stephanie.lefebvre@courriel.example.net	0697470476	50 avenue de la Gare, 69003 Lyon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
186	165056912350403	ROLLAND	Frédéric	1965-05-14	M	frédéric.rolland@example.fr	0768444455	99 avenue de la Gare, 69003 Lyon	Dr Paul Girard	Hypertension artérielle essentielle	I10
187	161112123193356	MASSON	Stéphane	1961-11-14	M	stephane.masson@example.com	0168527807	52 rue des Lilas, 21000 Dijon	Dr Louis Besnard	Asthme	J45.9
188	296097511110565	DUMAS	Marthe	1996-09-14	F	marthe.dumas@example.fr	0362077205	119 chemin des Vignes, 75011 Paris	Dr Karim Benali	Insuffisance rénale chronique	N18.9
189	233046912303930	AUBERT	Solène	1933-04-02	F	solène.aubert@courriel.example.net	0225875321	31 chemin des Vignes, 69003 Lyon	Dr Karim Benali	Hypothyroïdie	E03.9
190	286064410933015	MAILLARD	Zoé	1986-06-16	F	zoe.maillard@courriel.example.net	0287404184	112 rue des Lilas, 44000 Nantes	Dr Karim Benali	Insuffisance rénale chronique	N18.9
191	243114410979588	COUSIN	Stéphanie	1943-11-06	F	stéphanie.cousin@exemple.org	0275563584	50 avenue Jean Jaurès, 44000 Nantes	Dr Karim Benali	Hypertension artérielle essentielle	I10
192	297044410951040	LAMBERT	Catherine	1997-04-25	F	catherine.lambert@example.com	0323912716	108 place de la République, 44000 Nantes	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
193	208036748245697	MASSON	Zoé	2008-03-12	F	zoé.masson@example.com	0228845105	84 rue du Moulin, 67000 Strasbourg	Dr Anne Poirier	Anémie par carence en fer	D50.9
194	151054410950636	MEYER	Noël	1951-05-03	M	noel.meyer@example.com	0786301450	82 allée des Tilleuls, 44000 Nantes	Dr Louis Besnard	Diabète de type 2	E11.9
195	261045935084047	MORIN	Julie	1961-04-09	F	julie.morin@example.com	0366203168	63 boulevard Victor Hugo, 59000 Lille	Dr Karim Benali	Anémie par carence en fer	D50.9
196	145057511172587	HÉRAUD	Bruno	1945-05-29	M	bruno.héraud@example.com	0289990438	9 rue Émile Zola, 75011 Paris	Dr Louis Besnard	Hépatite C chronique	B18.2
197	\N	JULIEN	Raphaël	1977-05-27	M	raphaël.julien@exemple.org	0610794477	2 rue Émile Zola, 13005 Marseille	Dr Karim Benali	Hépatite C chronique	B18.2
198	275073155561461	VIDAL	Monique	1975-07-09	F	monique.vidal@example.com	0509566241	93 boulevard Victor Hugo, 31400 Toulouse	Dr Anne Poirier	Dépression	F32.9
199	264077511139748	BLANC	Irène	1964-07-08	F	irene.blanc@exemple.org	0644614770	110 rue Émile Zola, 75011 Paris	Dr Claire Marchal	Hépatite C chronique	B18.2
200	101073306313210	CHEVALIER	Joël	2001-07-30	M	joël.chevalier@example.com	0245284832	71 avenue Jean Jaurès, 33000 Bordeaux	Dr Claire Marchal	Hypothyroïdie	E03.9
201	154044410925527	BESNARD	Philippe	1954-04-22	M	philippe.besnard@example.fr	0155301497	58 avenue Jean Jaurès, 44000 Nantes	Dr Anne Poirier	Asthme	J45.9
202	202083155553448	GAUTHIER	Christine	2002-08-11	F	christine.gauthier@exemple.org	0531672646	2 place de la République, 31400 Toulouse	Dr Louis Besnard	Hépatite C chronique	B18.2
203	285032123186333	PARIS	Inès	1985-03-11	F	ines.paris@courriel.example.net	0439093373	1 allée des Tilleuls, 21000 Dijon	Dr Louis Besnard	Asthme	J45.9
204	272093306315084	FABRE	Marthe	1972-09-13	F	marthe.fabre@example.fr	0651948304	110 place de la République, 33000 Bordeaux	Dr Karim Benali	Insuffisance rénale chronique	N18.9
205	105127511114919	MARCHAL	Éric	2005-12-14	M	éric.marchal@courriel.example.net	0350519862	37 chemin des Vignes, 75011 Paris	Dr Paul Girard	Insuffisance rénale chronique	N18.9
206	171034410987117	BARRE	Jérôme	1971-03-20	M	jerome.barre@exemple.org	0506779314	18 avenue de la Gare, 44000 Nantes	Dr Anne Poirier	Hypertension artérielle essentielle	I10
207	180023523833657	GUILLOT	Guillaume	1980-02-04	M	guillaume.guillot@exemple.org	0648680078	45 chemin des Vignes, 35000 Rennes	Dr Hélène Vasseur	Dépression	F32.9
208	232073306323683	CARON	Isabelle	1932-07-30	F	isabelle.caron@example.fr	0431238630	68 chemin des Vignes, 33000 Bordeaux	Dr Claire Marchal	Anémie par carence en fer	D50.9
209	187115935079943	LAMBERT	Aimé	1987-11-21	M	aimé.lambert@example.com	0106373459	44 place de la République, 59000 Lille	Dr Paul Girard	Dépression	F32.9
210	283016748298829	DUPUY	Irène	1983-01-03	F	irene.dupuy@example.com	0712965534	28 boulevard Victor Hugo, 67000 Strasbourg	Dr Karim Benali	Insuffisance rénale chronique	N18.9
211	209017511153485	FLEURY	Émilie	2009-01-06	F	emilie.fleury@courriel.example.net	0178844422	21 rue Pasteur, 75011 Paris	Dr Louis Besnard	Hypothyroïdie	E03.9
212	297082123108116	BOURGEOIS	Marie	1997-08-30	F	marie.bourgeois@courriel.example.net	0194427093	2 allée des Tilleuls, 21000 Dijon	Dr Paul Girard	Insuffisance rénale chronique	N18.9
213	158113523828668	GUILLAUME	Raphaël	1958-11-09	M	raphael.guillaume@exemple.org	0565955149	58 boulevard Victor Hugo, 35000 Rennes	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
214	252073155520842	PICARD	Brigitte	1952-07-31	F	brigitte.picard@courriel.example.net	0568866211	46 rue Pasteur, 31400 Toulouse	Dr Karim Benali	Insuffisance rénale chronique	N18.9
215	159123306345727	ROUX	Bruno	1959-12-16	M	bruno.roux@exemple.org	0134310667	34 place de la République, 33000 Bordeaux	Dr Louis Besnard	Asthme	J45.9
216	140046912344213	THOMAS	David	1940-04-17	M	david.thomas@example.fr	0746300222	98 rue du Moulin, 69003 Lyon	Dr Louis Besnard	Hypothyroïdie	E03.9
217	\N	DUPONT	Jacques	1960-11-09	M	jacques.dupont@courriel.example.net	0582838761	113 rue Pasteur, 69003 Lyon	Dr Louis Besnard	Anémie par carence en fer	D50.9
218	113116748269186	NGUYEN	Noël	2013-11-18	M	noël.nguyen@example.com	0398870727	37 rue des Lilas, 67000 Strasbourg	Dr Claire Marchal	Hypothyroïdie	E03.9
219	264091320514460	CARPENTIER	Christine	1964-09-05	F	christine.carpentier@example.fr	0396040664	79 rue Pasteur, 13005 Marseille	Dr Claire Marchal	Hépatite C chronique	B18.2
220	294094410913857	JULIEN	Thérèse	1994-09-29	F	therese.julien@courriel.example.net	0271915419	93 avenue de la Gare, 44000 Nantes	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
221	243014410955472	REY	Irène	1943-01-06	F	irène.rey@exemple.org	0734975931	113 place de la République, 44000 Nantes	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
222	132031320590545	ARNAUD	Éric	1932-03-25	M	éric.arnaud@example.com	0509879354	51 chemin des Vignes, 13005 Marseille	Dr Paul Girard	Hypothyroïdie	E03.9
223	257033306339491	LECLERC	Isabelle	1957-03-03	F	isabelle.leclerc@example.fr	0265719213	11 impasse des Roses, 33000 Bordeaux	Dr Louis Besnard	Asthme	J45.9
224	169123306372743	LEROY	Jérémy	1969-12-15	M	jérémy.leroy@courriel.example.net	0579224058	62 rue de la Paix, 33000 Bordeaux	Dr Karim Benali	Dépression	F32.9
225	213107511179860	PRÉVOST	Inès	2013-10-10	F	ines.prevost@exemple.org	0270148779	60 rue du Moulin, 75011 Paris	Dr Hélène Vasseur	Insuffisance rénale chronique	N18.9
226	134015935054419	GUÉRIN	Marcel	1934-01-07	M	marcel.guérin@example.com	0732052922	101 avenue de la Gare, 59000 Lille	Dr Paul Girard	Hypertension artérielle essentielle	I10
227	105043306346020	RÉMY	Dominique	2005-04-30	M	dominique.remy@exemple.org	0610749744	67 avenue Jean Jaurès, 33000 Bordeaux	Dr Claire Marchal	Hypothyroïdie	E03.9
228	106064410955376	FOURNIER	Jean	2006-06-17	M	jean.fournier@exemple.org	0156805021	15 rue des Lilas, 44000 Nantes	Dr Paul Girard	Hypertension artérielle essentielle	I10
229	250086912361543	LEGRAND	Cécile	1950-08-20	F	cecile.legrand@example.fr	0714791847	9 impasse des Roses, 69003 Lyon	Dr Louis Besnard	Dépression	F32.9
230	171113523881467	ROLLAND	Laurent	1971-11-05	M	laurent.rolland@exemple.org	0572880815	37 boulevard Victor Hugo, 35000 Rennes	Dr Hélène Vasseur	Dépression	F32.9
231	170113306335163	DUFOUR	Philippe	1970-11-05	M	philippe.dufour@example.com	0332206186	53 place de la République, 33000 Bordeaux	Dr Karim Benali	Hépatite C chronique	B18.2
232	299053155528456	LEMOINE	Monique	1999-05-12	F	monique.lemoine@courriel.example.net	0718072001	87 rue Pasteur, 31400 Toulouse	Dr Louis Besnard	Hépatite C chronique	B18.2
233	298035935007649	BERNARD	Aurélie	1998-03-12	F	aurélie.bernard@example.fr	0455272453	103 avenue de la Gare, 59000 Lille	Dr Anne Poirier	Hypertension artérielle essentielle	I10
234	214021320512391	GUYOT	Irène	2014-02-08	F	irène.guyot@exemple.org	0439982725	89 place de la République, 13005 Marseille	Dr Karim Benali	Diabète de type 2	E11.9
235	172033306360667	MORIN	Hervé	1972-03-29	M	hervé.morin@example.com	0707987563	47 impasse des Roses, 33000 Bordeaux	Dr Anne Poirier	Diabète de type 2	E11.9
236	144126748289726	BOURGEOIS	Jérémy	1944-12-27	M	jérémy.bourgeois@courriel.example.net	0249607315	107 rue Pasteur, 67000 Strasbourg	Dr Anne Poirier	Hypothyroïdie	E03.9
237	232033523873635	MORIN	Élodie	1932-03-25	F	élodie.morin@example.com	0651635099	44 allée des Tilleuls, 35000 Rennes	Dr Claire Marchal	Hypertension artérielle essentielle	I10
238	157115935035022	ROGER	Alain	1957-11-05	M	alain.roger@example.fr	0739626474	76 place de la République, 59000 Lille	Dr Louis Besnard	Hépatite C chronique	B18.2
239	238096912353746	ROLLAND	Martine	1938-09-27	F	martine.rolland@exemple.org	0532785878	110 rue de la Paix, 69003 Lyon	Dr Paul Girard	Asthme	J45.9
240	\N	FAURE	Noémie	1965-11-18	F	noemie.faure@example.com	0741390646	97 rue Pasteur, 69003 Lyon	Dr Anne Poirier	Asthme	J45.9
241	150046912330350	RODRIGUEZ	Raphaël	1950-04-01	M	raphael.rodriguez@example.fr	0202210037	68 rue de la Paix, 69003 Lyon	Dr Louis Besnard	Hypertension artérielle essentielle	I10
242	193063523884938	LECOMTE	Alexandre	1993-06-08	M	alexandre.lecomte@example.fr	0531856194	18 impasse des Roses, 35000 Rennes	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
243	230063155567456	LEFEBVRE	Mélanie	1930-06-28	F	melanie.lefebvre@example.com	0779577013	27 boulevard Victor Hugo, 31400 Toulouse	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
244	157077511132627	BARBIER	Dominique	1957-07-25	M	dominique.barbier@exemple.org	0667580251	113 boulevard Victor Hugo, 75011 Paris	Dr Karim Benali	Hypertension artérielle essentielle	I10
245	111033523896215	DENIS	Philippe	2011-03-29	M	philippe.denis@exemple.org	0160598959	103 boulevard Victor Hugo, 35000 Rennes	Dr Hélène Vasseur	Asthme	J45.9
246	144083155593168	BRUNET	Daniel	1944-08-23	M	daniel.brunet@example.com	0326827345	20 rue Pasteur, 31400 Toulouse	Dr Anne Poirier	Anémie par carence en fer	D50.9
247	248104410941018	MARCHAND	Patricia	1948-10-06	F	patricia.marchand@example.com	0231764975	102 avenue Jean Jaurès, 44000 Nantes	Dr Louis Besnard	Asthme	J45.9
248	101123155541143	MICHEL	Aimé	2001-12-09	M	aime.michel@example.com	0425052562	35 rue du Moulin, 31400 Toulouse	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
249	191065935089559	RÉMY	Sébastien	1991-06-07	M	sebastien.remy@example.com	0210769937	26 avenue Jean Jaurès, 59000 Lille	Dr Hélène Vasseur	Hypothyroïdie	E03.9
250	261085935053033	ROBIN	Chloé	1961-08-15	F	chloé.robin@example.com	0129258936	26 rue Pasteur, 59000 Lille	Dr Anne Poirier	Dépression	F32.9
251	131052123104983	BRETON	Philippe	1931-05-25	M	philippe.breton@example.com	0363991844	64 chemin des Vignes, 21000 Dijon	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
252	101075935044585	FRANÇOIS	Aimé	2001-07-30	M	aime.francois@example.fr	0242628597	52 chemin des Vignes, 59000 Lille	Dr Hélène Vasseur	Dépression	F32.9
253	189111320536059	PAUL	Aimé	1989-11-11	M	aime.paul@exemple.org	0708194488	48 allée des Tilleuls, 13005 Marseille	Dr Anne Poirier	Anémie par carence en fer	D50.9
254	185032123113535	MATHIEU	Christian	1985-03-09	M	christian.mathieu@example.com	0155027832	50 avenue Jean Jaurès, 21000 Dijon	Dr Claire Marchal	Diabète de type 2	E11.9
255	114056748288439	DUPUIS	Dominique	2014-05-13	M	dominique.dupuis@example.com	0479678458	74 chemin des Vignes, 67000 Strasbourg	Dr Anne Poirier	Diabète de type 2	E11.9
256	252044410996742	ROLLAND	Zoé	1952-04-16	F	zoé.rolland@courriel.example.net	0704327590	114 place de la République, 44000 Nantes	Dr Anne Poirier	Hépatite C chronique	B18.2
257	285015935051125	ADAM	Anaïs	1985-01-22	F	anais.adam7@exemple.org	0206828401	72 avenue Jean Jaurès, 59000 Lille	Dr Claire Marchal	Anémie par carence en fer	D50.9
258	108023306375729	ROUSSEAU	Rémi	2008-02-20	M	rémi.rousseau@courriel.example.net	0122935535	97 avenue Jean Jaurès, 33000 Bordeaux	Dr Louis Besnard	Dépression	F32.9
259	\N	PICARD	Christophe	1946-03-17	M	christophe.picard@example.fr	0767698490	83 rue Pasteur, 59000 Lille	Dr Hélène Vasseur	Hépatite C chronique	B18.2
260	288083155553801	BERGER	Mélanie	1988-08-16	F	mélanie.berger@example.com	0473734351	95 place de la République, 31400 Toulouse	Dr Louis Besnard	Hypothyroïdie	E03.9
261	299096748276779	SANCHEZ	Noémie	1999-09-11	F	noemie.sanchez@courriel.example.net	0145114215	93 impasse des Roses, 67000 Strasbourg	Dr Paul Girard	Asthme	J45.9
262	173036912331658	RODRIGUEZ	Gérard	1973-03-31	M	raphael.rodriguez@example.fr	0407905760	68 rue de la Paix, 69003 Lyon	Dr Anne Poirier	Hypertension artérielle essentielle	I10
263	137035935039058	PIERRE	Hervé	1937-03-07	M	herve.pierre@exemple.org	0671019055	14 place de la République, 59000 Lille	Dr Paul Girard	Anémie par carence en fer	D50.9
264	246013306337436	LE GALL	Inès	1946-01-26	F	guillaume.le-gall@example.fr	0748781225	79 boulevard Victor Hugo, 33000 Bordeaux	Dr Karim Benali	Insuffisance rénale chronique	N18.9
265	147116748293321	LEBRUN	Jacques	1947-11-29	M	jacques.lebrun@example.com	0533702558	5 rue des Lilas, 67000 Strasbourg	Dr Louis Besnard	Dépression	F32.9
266	231123523898180	BERTRAND	Cécile	1931-12-25	F	cecile.bertrand@example.fr	0140257290	69 rue des Lilas, 35000 Rennes	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
267	\N	NOËL	Chantal	1952-06-15	F	chantal.noël@example.com	0680153755	25 rue Émile Zola, 75011 Paris	Dr Paul Girard	Hypothyroïdie	E03.9
268	156092123171205	MULLER	Dominique	1956-09-27	M	dominique.muller@courriel.example.net	0178896214	45 rue de la Paix, 21000 Dijon	Dr Louis Besnard	Hépatite C chronique	B18.2
269	234054410963115	PONS	Monique	1934-05-04	F	monique.pons@example.com	0674895489	12 boulevard Victor Hugo, 44000 Nantes	Dr Anne Poirier	Hépatite C chronique	B18.2
270	149016912304419	FONTAINE	Guillaume	1949-01-01	M	guillaume.fontaine@courriel.example.net	0601184032	119 avenue Jean Jaurès, 69003 Lyon	Dr Claire Marchal	Dépression	F32.9
271	264056912345452	ANDRÉ	Brigitte	1964-05-25	F	brigitte.andré@example.com	0723559022	31 place de la République, 69003 Lyon	Dr Paul Girard	Hypothyroïdie	E03.9
272	\N	LABBÉ	Laurent	1979-10-08	M	laurent.labbe@example.com	0515898885	17 rue du Moulin, 33000 Bordeaux	Dr Louis Besnard	Diabète de type 2	E11.9
273	274084410954433	BESNARD	Patricia	1974-08-31	F	patricia.besnard@example.fr	0302188805	48 avenue de la Gare, 44000 Nantes	Dr Hélène Vasseur	Hépatite C chronique	B18.2
274	158097511197342	CLÉMENT	Thierry	1958-09-28	M	thierry.clément@courriel.example.net	0322819893	30 chemin des Vignes, 75011 Paris	Dr Paul Girard	Hypothyroïdie	E03.9
275	218055935049194	VINCENT	Chloé	2018-05-26	F	chloé.vincent@exemple.org	0224525116	17 rue des Lilas, 59000 Lille	Dr Louis Besnard	Hépatite C chronique	B18.2
276	290085935009220	CHEVALIER	Françoise	1990-08-21	F	francoise.chevalier@example.fr	0330338376	24 rue Émile Zola, 59000 Lille	Dr Louis Besnard	Asthme	J45.9
277	190103523836950	BERGER	Pascal	1990-10-28	M	pascal.berger@example.fr	0201834305	53 impasse des Roses, 35000 Rennes	Dr Anne Poirier	Hypothyroïdie	E03.9
278	237067511122671	CLÉMENT	Clémence	1937-06-21	F	clémence.clément@courriel.example.net	0402612957	77 avenue de la Gare, 75011 Paris	Dr Anne Poirier	Diabète de type 2	E11.9
279	169056748251046	DUPUIS	Michel	1969-05-31	M	michel.dupuis@example.com	0541378501	68 rue du Moulin, 67000 Strasbourg	Dr Louis Besnard	Hypertension artérielle essentielle	I10
280	282107511125139	COLLET	Geneviève	1982-10-07	F	genevieve.collet@courriel.example.net	0328178765	28 chemin des Vignes, 75011 Paris	Dr Anne Poirier	Dépression	F32.9
281	275061320542169	REY	Marthe	1975-06-08	F	marthe.rey@example.com	0608293654	87 rue de la Paix, 13005 Marseille	Dr Paul Girard	Hépatite C chronique	B18.2
282	154101320560162	DUPRÉ	Dominique	1954-10-22	M	dominique.dupre@example.com	0135174515	110 rue des Lilas, 13005 Marseille	Dr Paul Girard	Insuffisance rénale chronique	N18.9
283	279042123167546	BERGER	Josiane	1979-04-23	F	josiane.berger@example.com	0297629643	95 impasse des Roses, 21000 Dijon	Dr Karim Benali	Asthme	J45.9
284	153086748283568	NGUYEN	Noël	1953-08-04	M	noel.nguyen@exemple.org	0345658589	49 avenue de la Gare, 67000 Strasbourg	Dr Louis Besnard	Hypothyroïdie	E03.9
285	131107511145358	VASSEUR	Sébastien	1931-10-20	M	sébastien.vasseur@example.fr	0335996062	30 avenue Jean Jaurès, 75011 Paris	Dr Hélène Vasseur	Hypothyroïdie	E03.9
286	169036748230228	ROBIN	Frédéric	1969-03-16	M	frédéric.robin@exemple.org	0131919968	90 rue Pasteur, 67000 Strasbourg	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
287	207036912336391	DUPRÉ	Marthe	2007-03-16	F	marthe.dupré@courriel.example.net	0718880427	40 rue Émile Zola, 69003 Lyon	Dr Karim Benali	Diabète de type 2	E11.9
288	189075935005840	CARRÉ	Bruno	1989-07-10	M	bruno.carre@example.fr	0418006178	62 rue Émile Zola, 59000 Lille	Dr Anne Poirier	Hépatite C chronique	B18.2
289	115066912324215	ROYER	Joël	2015-06-15	M	joel.royer@example.fr	0333886496	112 rue Pasteur, 69003 Lyon	Dr Louis Besnard	Diabète de type 2	E11.9
290	239043523867461	LE ROUX	Martine	1939-04-01	F	martine.le-roux@example.com	0691465766	80 avenue Jean Jaurès, 35000 Rennes	Dr Anne Poirier	Asthme	J45.9
291	239103523835489	MARCHAL	Émilie	1939-10-10	F	émilie.marchal@example.com	0574785069	23 rue du Moulin, 35000 Rennes	Dr Louis Besnard	Asthme	J45.9
292	293093523814759	GÉRARD	Josiane	1993-09-02	F	josiane.gérard@courriel.example.net	0267051748	88 impasse des Roses, 35000 Rennes	Dr Karim Benali	Hypertension artérielle essentielle	I10
293	184064410920396	BRUNET	Patrick	1984-06-29	M	patrick.brunet7@exemple.org	0125783414	118 impasse des Roses, 44000 Nantes	Dr Louis Besnard	Dépression	F32.9
294	136094410961547	VIDAL	Sébastien	1936-09-06	M	sébastien.vidal@exemple.org	0339516466	112 rue Pasteur, 44000 Nantes	Dr Hélène Vasseur	Diabète de type 2	E11.9
295	239093306304857	NGUYEN	Clémence	1939-09-23	F	clémence.nguyen@example.com	0323829213	76 rue de la Paix, 33000 Bordeaux	Dr Karim Benali	Hypothyroïdie	E03.9
296	239075935074804	GUÉRIN	Hélène	1939-07-20	F	hélène.guérin@example.fr	0696198510	70 allée des Tilleuls, 59000 Lille	Dr Hélène Vasseur	Diabète de type 2	E11.9
297	141076912326295	BERNARD	Thierry	1941-07-14	M	thierry.bernard@example.com	0740426732	1 place de la République, 69003 Lyon	Dr Louis Besnard	Hypothyroïdie	E03.9
298	134093155505691	COLIN	Rémi	1934-09-17	M	rémi.colin@exemple.org	0652004386	7 rue des Lilas, 31400 Toulouse	Dr Louis Besnard	Anémie par carence en fer	D50.9
299	151122123171405	DUMONT	Frédéric	1951-12-01	M	frédéric.dumont@courriel.example.net	0680406878	62 impasse des Roses, 21000 Dijon	Dr Hélène Vasseur	Asthme	J45.9
300	155077511103528	LAMBERT	Patrick	1955-07-12	M	patrick.lambert@courriel.example.net	0240307813	111 rue des Lilas, 75011 Paris	Dr Karim Benali	Asthme	J45.9
301	237024410933024	GONZALEZ	Isabelle	1937-02-22	F	isabelle.gonzalez@example.fr	0655429522	37 rue Pasteur, 44000 Nantes	Dr Paul Girard	Insuffisance rénale chronique	N18.9
302	246043523859588	DURAND	Anaïs	1946-04-24	F	anais.durand@exemple.org	0646777401	8 avenue de la Gare, 35000 Rennes	Dr Karim Benali	Diabète de type 2	E11.9
303	133103306351943	CLÉMENT	Philippe	1933-10-31	M	philippe.clement@example.com	0617166954	14 rue Pasteur, 33000 Bordeaux	Dr Karim Benali	Hépatite C chronique	B18.2
304	100042123169666	GUYOT	René	2000-04-28	M	rene.guyot@courriel.example.net	0476364504	6 chemin des Vignes, 21000 Dijon	Dr Paul Girard	Hypothyroïdie	E03.9
305	117093155530890	LAROCHE	Dominique	2017-09-04	M	dominique.laroche@courriel.example.net	0575880888	49 avenue Jean Jaurès, 31400 Toulouse	Dr Hélène Vasseur	Hypothyroïdie	E03.9
306	239126748279235	BONNET	Gaëlle	1939-12-22	F	gaëlle.bonnet@example.com	0272141404	62 impasse des Roses, 67000 Strasbourg	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
307	143123155546466	GUILLAUME	Frédéric	1943-12-24	M	frederic.guillaume@exemple.org	0330147238	119 rue Pasteur, 31400 Toulouse	Dr Anne Poirier	Asthme	J45.9
308	248096912339091	DURAND	Anaïs	1948-09-21	F	anaïs.durand@example.com	0322499069	12 place de la République, 69003 Lyon	Dr Louis Besnard	Asthme	J45.9
309	176103155503807	GARNIER	Anthony	1976-10-23	M	anthony.garnier@example.com	0509343206	14 impasse des Roses, 31400 Toulouse	Dr Claire Marchal	Anémie par carence en fer	D50.9
310	257113306392279	MARCHAND	Hélène	1957-11-27	F	helene.marchand@exemple.org	0245250909	58 allée des Tilleuls, 33000 Bordeaux	Dr Claire Marchal	Hypothyroïdie	E03.9
311	132103306359219	DUMAS	Guillaume	1932-10-05	M	guillaume.dumas@example.com	0790521958	22 rue du Moulin, 33000 Bordeaux	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
312	109053155526969	LUCAS	Patrick	2009-05-01	M	patrick.lucas@example.fr	0428477232	58 rue des Lilas, 31400 Toulouse	Dr Louis Besnard	Hypothyroïdie	E03.9
313	109122123180730	REY	René	2009-12-06	M	rene.rey@example.com	0684185057	115 boulevard Victor Hugo, 21000 Dijon	Dr Karim Benali	Dépression	F32.9
314	287113523840134	CARON	Zoé	1987-11-01	F	zoé.caron@example.com	0310112064	23 avenue de la Gare, 35000 Rennes	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
315	177103155582643	BENOÎT	Sébastien	1977-10-29	M	sébastien.benoît@exemple.org	0621031571	54 rue Pasteur, 31400 Toulouse	Dr Hélène Vasseur	Hypothyroïdie	E03.9
316	250096912314346	CHEVALIER	Stéphanie	1950-09-01	F	stephanie.chevalier@courriel.example.net	0102943871	106 allée des Tilleuls, 69003 Lyon	Dr Hélène Vasseur	Dépression	F32.9
317	165053306366889	LEGRAND	Patrick	1965-05-26	M	patrick.legrand@example.com	0395459343	20 chemin des Vignes, 33000 Bordeaux	Dr Anne Poirier	Dépression	F32.9
318	256041320590893	POIRIER	Inès	1956-04-22	F	ines.poirier@courriel.example.net	0303881600	63 boulevard Victor Hugo, 13005 Marseille	Dr Claire Marchal	Asthme	J45.9
319	254074410904739	DUMAS	Geneviève	1954-07-11	F	geneviève.dumas@example.fr	0732978560	12 chemin des Vignes, 44000 Nantes	Dr Karim Benali	Hypothyroïdie	E03.9
320	240126912364978	BLANCHARD	Brigitte	1940-12-01	F	brigitte.blanchard@example.fr	0721308765	16 allée des Tilleuls, 69003 Lyon	Dr Hélène Vasseur	Diabète de type 2	E11.9
321	294113306305605	CARRÉ	Véronique	1994-11-27	F	véronique.carré@courriel.example.net	0688728851	92 place de la République, 33000 Bordeaux	Dr Hélène Vasseur	Diabète de type 2	E11.9
322	213113306341922	ROYER	Élodie	2013-11-19	F	gérard.royer@courriel.example.net	0484455130	88 rue des Lilas, 33000 Bordeaux	Dr Hélène Vasseur	Hépatite C chronique	B18.2
323	211011320504311	LE ROUX	Marthe	2011-01-28	F	marthe.le-roux@courriel.example.net	0564445245	57 place de la République, 13005 Marseille	Dr Hélène Vasseur	Hépatite C chronique	B18.2
324	237044410951565	RENARD	Mélanie	1937-04-07	F	mélanie.renard@exemple.org	0115881043	65 impasse des Roses, 44000 Nantes	Dr Paul Girard	Hypothyroïdie	E03.9
325	166103155567950	PETIT	René	1966-10-24	M	rené.petit@example.com	0479101149	104 rue des Lilas, 31400 Toulouse	Dr Anne Poirier	Hypertension artérielle essentielle	I10
326	196053155527865	GIRARD	Patrick	1996-05-15	M	patrick.girard@courriel.example.net	0686824674	21 rue des Lilas, 31400 Toulouse	Dr Louis Besnard	Hypothyroïdie	E03.9
327	252033306377651	DUFOUR	Véronique	1952-03-11	F	veronique.dufour@example.com	0745412196	89 boulevard Victor Hugo, 33000 Bordeaux	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
328	\N	FOURNIER	Sébastien	1987-10-28	M	sebastien.fournier@courriel.example.net	0568639680	70 chemin des Vignes, 13005 Marseille	Dr Anne Poirier	Dépression	F32.9
329	193113155548801	ROLLAND	Vincent	1993-11-17	M	vincent.rolland@exemple.org	0663587707	17 rue Pasteur, 31400 Toulouse	Dr Karim Benali	Anémie par carence en fer	D50.9
330	157047511182067	MÉNARD	Alain	1957-04-16	M	alain.menard@courriel.example.net	0798935428	49 avenue Jean Jaurès, 75011 Paris	Dr Claire Marchal	Dépression	F32.9
331	175092123159861	GIRAUD	François	1975-09-15	M	françois.giraud@courriel.example.net	0744100118	58 boulevard Victor Hugo, 21000 Dijon	Dr Louis Besnard	Dépression	F32.9
332	296053523841070	PICARD	Geneviève	1996-05-03	F	genevieve.picard@example.fr	0230585799	112 place de la République, 35000 Rennes	Dr Paul Girard	Hypothyroïdie	E03.9
333	178115935044958	PHILIPPE	Hervé	1978-11-14	M	hervé.philippe@courriel.example.net	0145851494	18 avenue de la Gare, 59000 Lille	Dr Karim Benali	Hypertension artérielle essentielle	I10
334	255092123134778	CHEVALIER	Marie	1955-09-12	F	marie.chevalier@example.fr	0496206281	37 place de la République, 21000 Dijon	Dr Louis Besnard	Dépression	F32.9
335	275053155536485	AUBRY	Inès	1975-05-06	F	inès.aubry@example.fr	0541049182	111 boulevard Victor Hugo, 31400 Toulouse	Dr Claire Marchal	Diabète de type 2	E11.9
336	162126912394119	BARRE	Sébastien	1962-12-12	M	sébastien.barre@exemple.org	0737214749	54 allée des Tilleuls, 69003 Lyon	Dr Paul Girard	Diabète de type 2	E11.9
337	272097511189860	PERROT	Chloé	1972-09-16	F	chloe.perrot@example.fr	0107046704	58 avenue Jean Jaurès, 75011 Paris	Dr Paul Girard	Anémie par carence en fer	D50.9
338	282033155562135	SIMON	Sandrine	1982-03-31	F	sandrine.simon@exemple.org	0541550023	95 chemin des Vignes, 31400 Toulouse	Dr Anne Poirier	Diabète de type 2	E11.9
339	233081320500454	GAUTHIER	Clémence	1933-08-29	F	clemence.gauthier@courriel.example.net	0179414962	31 avenue de la Gare, 13005 Marseille	Dr Claire Marchal	Anémie par carence en fer	D50.9
340	148085935093623	GAUTIER	Frédéric	1948-08-21	M	frederic.gautier@example.com	0408678483	48 rue des Lilas, 59000 Lille	Dr Anne Poirier	Diabète de type 2	E11.9
341	219103523839459	DURAND	Monique	2019-10-07	F	monique.durand@exemple.org	0605697695	62 rue Pasteur, 35000 Rennes	Dr Hélène Vasseur	Dépression	F32.9
342	\N	BARON	Chantal	1965-01-22	F	chantal.baron@example.com	0248930960	53 place de la République, 35000 Rennes	Dr Karim Benali	Hypothyroïdie	E03.9
343	211086748284727	NGUYEN	Sandrine	2011-08-22	F	sandrine.nguyen@exemple.org	0188494235	84 rue de la Paix, 67000 Strasbourg	Dr Anne Poirier	Anémie par carence en fer	D50.9
344	207113306351130	MARCHAND	Françoise	2007-11-26	F	françoise.marchand@courriel.example.net	0166396803	60 allée des Tilleuls, 33000 Bordeaux	Dr Claire Marchal	Hypertension artérielle essentielle	I10
345	245041320588177	LABBÉ	Solène	1945-04-09	F	solene.labbe@example.fr	0561114053	38 rue des Lilas, 13005 Marseille	Dr Anne Poirier	Dépression	F32.9
346	274075935098589	HUET	Thérèse	1974-07-02	F	therese.huet@example.com	0295497982	63 avenue Jean Jaurès, 59000 Lille	Dr Karim Benali	Diabète de type 2	E11.9
347	211073306371848	ROLLAND	Nathalie	2011-07-09	F	nathalie.rolland@example.fr	0201265835	39 rue Émile Zola, 33000 Bordeaux	Dr Claire Marchal	Diabète de type 2	E11.9
348	247023155539322	BENOÎT	Manon	1947-02-01	F	manon.benoit@exemple.org	0433968135	34 avenue Jean Jaurès, 31400 Toulouse	Dr Hélène Vasseur	Insuffisance rénale chronique	N18.9
349	131037511162862	COLIN	Alexandre	1931-03-12	M	alexandre.colin@example.fr	0466214565	110 avenue Jean Jaurès, 75011 Paris	Dr Claire Marchal	Hypothyroïdie	E03.9
350	271026912320903	BLANCHARD	Isabelle	1971-02-28	F	isabelle.blanchard@exemple.org	0122272011	74 impasse des Roses, 69003 Lyon	Dr Karim Benali	Dépression	F32.9
351	282031320543750	GAUTHIER	Thérèse	1982-03-26	F	thérèse.gauthier@example.com	0230054478	60 avenue de la Gare, 13005 Marseille	Dr Louis Besnard	Anémie par carence en fer	D50.9
352	\N	GARCIA	Bruno	1995-01-29	M	bruno.garcia@exemple.org	0426768061	4 boulevard Victor Hugo, 31400 Toulouse	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
353	151086912382132	MASSON	Éric	1951-08-28	M	éric.masson@courriel.example.net	0546112672	62 rue Émile Zola, 69003 Lyon	Dr Claire Marchal	Hépatite C chronique	B18.2
354	277071320594050	DUPRÉ	Nathalie	1977-07-13	F	nathalie.dupré@exemple.org	0772651157	73 impasse des Roses, 13005 Marseille	Dr Paul Girard	Hypertension artérielle essentielle	I10
355	190051320540464	COLIN	Sébastien	1990-05-02	M	sebastien.colin@example.fr	0294170095	114 avenue de la Gare, 13005 Marseille	Dr Anne Poirier	Hépatite C chronique	B18.2
356	290062123108433	LEFÈVRE	Zoé	1990-06-27	F	zoé.lefèvre@courriel.example.net	0141540352	63 avenue de la Gare, 21000 Dijon	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
357	102033523825103	DUMAS	David	2002-03-21	M	david.dumas@courriel.example.net	0737160040	95 place de la République, 35000 Rennes	Dr Claire Marchal	Diabète de type 2	E11.9
358	236033155597790	MARTIN	Monique	1936-03-15	F	monique.martin@example.com	0477517355	109 place de la République, 31400 Toulouse	Dr Hélène Vasseur	Insuffisance rénale chronique	N18.9
359	272067511182189	ROYER	Laurence	1972-06-16	F	laurence.royer@example.fr	0611531652	3 boulevard Victor Hugo, 75011 Paris	Dr Claire Marchal	Asthme	J45.9
360	140125935005797	FRANÇOIS	David	1940-12-01	M	david.francois@exemple.org	0734000393	67 chemin des Vignes, 59000 Lille	Dr Hélène Vasseur	Diabète de type 2	E11.9
361	243035935009608	BRUNET	Julie	1943-03-17	F	julie.brunet@example.com	0794191889	104 place de la République, 59000 Lille	Dr Karim Benali	Dépression	F32.9
362	174092123126258	FABRE	François	1974-09-11	M	francois.fabre@exemple.org	0328211923	103 rue Pasteur, 21000 Dijon	Dr Louis Besnard	Hypothyroïdie	E03.9
363	140073306310170	LEMAIRE	Noël	1940-07-08	M	noël.lemaire@exemple.org	0798271391	84 avenue de la Gare, 33000 Bordeaux	Dr Hélène Vasseur	Dépression	F32.9
364	257093155521714	PRÉVOST	Isabelle	1957-09-20	F	isabelle.prévost@exemple.org	0314135502	62 chemin des Vignes, 31400 Toulouse	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
365	275073155517020	VIDAL	Marie	1975-07-09	F	marie.vidal@exemple.org	0740847415	93 boulevard Victor Hugo, 31400 Toulouse	Dr Karim Benali	Diabète de type 2	E11.9
366	\N	MORIN	Jérôme	1966-03-20	M	jérôme.morin@example.fr	0540669684	25 rue Émile Zola, 21000 Dijon	Dr Hélène Vasseur	Hypertension artérielle essentielle	I10
367	230066912349841	LOPEZ	Nathalie	1930-06-28	F	nathalie.lopez@example.fr	0416637464	103 rue du Moulin, 69003 Lyon	Dr Louis Besnard	Diabète de type 2	E11.9
368	148063306358749	PARIS	Christian	1948-06-21	M	christian.paris@example.fr	0160461070	1 rue Pasteur, 33000 Bordeaux	Dr Karim Benali	Insuffisance rénale chronique	N18.9
369	261126748262297	JEAN	Catherine	1961-12-09	F	catherine.jean@example.fr	0459445915	65 chemin des Vignes, 67000 Strasbourg	Dr Louis Besnard	Diabète de type 2	E11.9
370	275075935034796	CLÉMENT	Cécile	1975-07-16	F	cecile.clement@example.com	0328407782	18 avenue Jean Jaurès, 59000 Lille	Dr Claire Marchal	Hépatite C chronique	B18.2
371	169027511161540	HÉRAUD	Gaël	1969-02-04	M	gaël.héraud@courriel.example.net	0629021019	66 avenue Jean Jaurès, 75011 Paris	Dr Louis Besnard	Anémie par carence en fer	D50.9
372	191092123129070	DURAND	Michel	1991-09-20	M	michel.durand@example.com	0213161103	103 rue Émile Zola, 21000 Dijon	Dr Paul Girard	Hypothyroïdie	E03.9
373	216101320555973	FONTAINE	Julie	2016-10-23	F	julie.fontaine@exemple.org	0757870117	67 chemin des Vignes, 13005 Marseille	Dr Karim Benali	Hypothyroïdie	E03.9
374	\N	LECOMTE	Sophie	1950-09-03	F	sophie.lecomte@example.com	0315530221	45 rue Émile Zola, 44000 Nantes	Dr Anne Poirier	Diabète de type 2	E11.9
375	165076748278992	ANDRÉ	Jérôme	1965-07-04	M	jerome.andre@example.fr	0324360667	2 allée des Tilleuls, 67000 Strasbourg	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
376	114042123158969	AUBRY	Nicolas	2014-04-13	M	nicolas.aubry@example.com	0613743738	28 rue des Lilas, 21000 Dijon	Dr Hélène Vasseur	Dépression	F32.9
377	153125935047314	CARRÉ	Jérôme	1953-12-27	M	jérôme.carré@courriel.example.net	0335246210	75 rue Pasteur, 59000 Lille	Dr Hélène Vasseur	Dépression	F32.9
378	267075935036780	GUYOT	Stéphanie	1967-07-12	F	stéphanie.guyot@example.com	0277183929	50 avenue de la Gare, 59000 Lille	Dr Paul Girard	Diabète de type 2	E11.9
379	118103155558076	BARBIER	Christian	2018-10-28	M	christian.barbier@example.fr	0140575099	97 rue Émile Zola, 31400 Toulouse	Dr Hélène Vasseur	Dépression	F32.9
380	\N	GUÉRIN	Françoise	1978-04-11	F	francoise.guerin@exemple.org	0466099475	1 chemin des Vignes, 44000 Nantes	Dr Paul Girard	Insuffisance rénale chronique	N18.9
381	191127511146746	OLIVIER	Loïc	1991-12-10	M	loic.olivier@example.com	0656874132	61 rue Émile Zola, 75011 Paris	Dr Paul Girard	Hypothyroïdie	E03.9
382	252055935054127	DUMAS	Odile	1952-05-24	F	odile.dumas@exemple.org	0155928319	85 rue du Moulin, 59000 Lille	Dr Paul Girard	Anémie par carence en fer	D50.9
383	206103523822193	PICARD	Monique	2006-10-05	F	monique.picard@example.com	0347335398	1 rue de la Paix, 35000 Rennes	Dr Louis Besnard	Hypertension artérielle essentielle	I10
384	248063306316731	PARIS	Solène	1948-06-21	F	solène.paris@courriel.example.net	0107127625	1 rue Pasteur, 33000 Bordeaux	Dr Anne Poirier	Anémie par carence en fer	D50.9
385	159034410965446	CHARPENTIER	Laurent	1959-03-17	M	laurent.charpentier@example.com	0771960349	63 rue du Moulin, 44000 Nantes	Dr Louis Besnard	Hypothyroïdie	E03.9
386	181025935032585	VIDAL	Sébastien	1981-02-07	M	sébastien.vidal@example.com	0422349605	19 rue Pasteur, 59000 Lille	Dr Anne Poirier	Hypertension artérielle essentielle	I10
387	\N	GUILLAUME	Catherine	2014-09-12	F	catherine.guillaume@example.fr	0723665188	38 avenue de la Gare, 69003 Lyon	Dr Karim Benali	Hypothyroïdie	E03.9
388	297027511124456	ADAM	Inès	1997-02-12	F	inès.adam@example.com	0721826545	44 boulevard Victor Hugo, 75011 Paris	Dr Paul Girard	Diabète de type 2	E11.9
389	215123306368166	LOPEZ	Anaïs	2015-12-28	F	anaïs.lopez@exemple.org	0364142213	6 rue de la Paix, 33000 Bordeaux	Dr Anne Poirier	Dépression	F32.9
390	165093155515228	LEFÈVRE	Jacques	1965-09-28	M	jacques.lefèvre@example.fr	0320563033	54 allée des Tilleuls, 31400 Toulouse	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
391	285022123174736	HUET	Céline	1985-02-17	F	celine.huet@courriel.example.net	0432111319	50 impasse des Roses, 21000 Dijon	Dr Louis Besnard	Hypothyroïdie	E03.9
392	137035935056478	CARON	Didier	1937-03-07	M	didier.caron@courriel.example.net	0749967513	85 impasse des Roses, 59000 Lille	Dr Karim Benali	Dépression	F32.9
393	\N	ROBIN	Josiane	1961-08-15	F	josiane.robin@exemple.org	0552309002	26 rue Pasteur, 59000 Lille	Dr Hélène Vasseur	Insuffisance rénale chronique	N18.9
394	100076748210581	PETIT	Patrick	2000-07-29	M	patrick.petit@example.fr	0197792201	65 rue Émile Zola, 67000 Strasbourg	Dr Louis Besnard	Asthme	J45.9
395	151061320545894	MASSON	Gaël	1951-06-06	M	gael.masson@exemple.org	0364376225	84 rue Émile Zola, 13005 Marseille	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
396	288034410907923	BESNARD	Nathalie	1988-03-03	F	nathalie.besnard@courriel.example.net	0325915458	100 chemin des Vignes, 44000 Nantes	Dr Hélène Vasseur	Asthme	J45.9
397	176043523865860	RENAUD	David	1976-04-02	M	david.renaud@courriel.example.net	0769196469	25 rue Émile Zola, 35000 Rennes	Dr Hélène Vasseur	Diabète de type 2	E11.9
398	219114410949413	JULIEN	Martine	2019-11-30	F	martine.julien@exemple.org	0132390230	117 rue Émile Zola, 44000 Nantes	Dr Claire Marchal	Diabète de type 2	E11.9
399	112033523897748	BONNET	Jacques	2012-03-02	M	jacques.bonnet@exemple.org	0310608109	37 avenue Jean Jaurès, 35000 Rennes	Dr Karim Benali	Hypothyroïdie	E03.9
400	162094410983508	DUPONT	Michel	1962-09-07	M	michel.dupont@courriel.example.net	0680879408	112 avenue Jean Jaurès, 44000 Nantes	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
401	109013523870151	BOURGEOIS	Raphaël	2009-01-06	M	raphael.bourgeois@example.fr	0291134373	7 impasse des Roses, 35000 Rennes	Dr Karim Benali	Dépression	F32.9
402	242063155562502	MASSON	Solène	1942-06-17	F	solene.masson@example.fr	0463807227	67 rue Émile Zola, 31400 Toulouse	Dr Hélène Vasseur	Hypothyroïdie	E03.9
403	233093306349204	RÉMY	Josiane	1933-09-29	F	josiane.remy@example.com	0371962853	116 impasse des Roses, 33000 Bordeaux	Dr Hélène Vasseur	Hypothyroïdie	E03.9
404	264075935039802	SCHNEIDER	Gaëlle	1964-07-22	F	gaelle.schneider@example.com	0458618950	53 rue de la Paix, 59000 Lille	Dr Paul Girard	Insuffisance rénale chronique	N18.9
405	189071320547673	ROUX	Frédéric	1989-07-28	M	frédéric.roux@courriel.example.net	0508506482	109 rue de la Paix, 13005 Marseille	Dr Louis Besnard	Hypothyroïdie	E03.9
406	259033306328406	FLEURY	Monique	1959-03-12	F	monique.fleury@example.com	0222985324	91 boulevard Victor Hugo, 33000 Bordeaux	Dr Paul Girard	Hypothyroïdie	E03.9
407	176103155546961	SCHNEIDER	Julien	1976-10-15	M	julien.schneider@exemple.org	0574455387	91 boulevard Victor Hugo, 31400 Toulouse	Dr Claire Marchal	Anémie par carence en fer	D50.9
408	142071320571206	MARTIN	Dominique	1942-07-23	M	dominique.martin@exemple.org	0204203483	101 avenue Jean Jaurès, 13005 Marseille	Dr Louis Besnard	Dépression	F32.9
409	206033523846726	GUÉRIN	Marthe	2006-03-29	F	marthe.guerin@example.com	0489039661	40 chemin des Vignes, 35000 Rennes	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
410	154053523803531	GARCIA	Daniel	1954-05-29	M	daniel.garcia@example.fr	0293901455	118 avenue Jean Jaurès, 35000 Rennes	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
411	252074410992832	PARIS	Noémie	1952-07-22	F	noemie.paris@courriel.example.net	0265279958	78 place de la République, 44000 Nantes	Dr Claire Marchal	Dépression	F32.9
412	\N	FAURE	Josiane	1971-06-07	F	josiane.faure@exemple.org	0287820978	2 rue du Moulin, 33000 Bordeaux	Dr Karim Benali	Dépression	F32.9
413	134094410908593	VINCENT	Stéphane	1934-09-21	M	stéphane.vincent@example.com	0528825313	5 chemin des Vignes, 44000 Nantes	Dr Paul Girard	Asthme	J45.9
414	181096748274266	DUFOUR	Philippe	1981-09-01	M	philippe.dufour@example.fr	0566564676	103 rue Émile Zola, 67000 Strasbourg	Dr Karim Benali	Hypertension artérielle essentielle	I10
415	102031320507616	BRETON	Christophe	2002-03-25	M	christophe.breton@example.fr	0425003570	33 rue Pasteur, 13005 Marseille	Dr Claire Marchal	Hypertension artérielle essentielle	I10
416	141072123116888	LEFÈVRE	Laurent	1941-07-22	M	laurent.lefevre@example.com	0731609969	114 boulevard Victor Hugo, 21000 Dijon	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
417	238083155539770	HENRY	Inès	1938-08-09	F	inès.henry@exemple.org	0371642560	95 allée des Tilleuls, 31400 Toulouse	Dr Hélène Vasseur	Hypothyroïdie	E03.9
418	252073155588940	PICARD	Josiane	1952-07-31	F	josiane.picard@courriel.example.net	0586243635	46 rue Pasteur, 31400 Toulouse	Dr Karim Benali	Asthme	J45.9
419	280096748251501	PERROT	Josiane	1980-09-11	F	josiane.perrot@exemple.org	0764173653	50 rue Émile Zola, 67000 Strasbourg	Dr Louis Besnard	Asthme	J45.9
420	137126912367753	DESCHAMPS	Thomas	1937-12-13	M	thomas.deschamps@example.com	0450757634	53 place de la République, 69003 Lyon	Dr Paul Girard	Anémie par carence en fer	D50.9
421	213094410979571	MOREAU	Anne	2013-09-24	F	anne.moreau@exemple.org	0751516608	104 avenue de la Gare, 44000 Nantes	Dr Karim Benali	Diabète de type 2	E11.9
422	252121320531441	GÉRARD	Josiane	1952-12-14	F	josiane.gérard@exemple.org	0683730922	38 avenue Jean Jaurès, 13005 Marseille	Dr Anne Poirier	Hypothyroïdie	E03.9
423	208013306375265	BERTRAND	Noémie	2008-01-15	F	noemie.bertrand@courriel.example.net	0582441384	56 chemin des Vignes, 33000 Bordeaux	Dr Anne Poirier	Dépression	F32.9
424	187115935030354	LAMBERT	Laurent	1987-11-21	M	laurent.lambert@example.com	0750292499	44 place de la République, 59000 Lille	Dr Claire Marchal	Hypothyroïdie	E03.9
425	203116912392547	ROUX	Martine	2003-11-13	F	martine.roux@example.com	0286958278	44 rue Pasteur, 69003 Lyon	Dr Karim Benali	Hypertension artérielle essentielle	I10
426	160067511154830	MARCHAND	Benoît	1960-06-24	M	benoit.marchand@exemple.org	0493325305	26 allée des Tilleuls, 75011 Paris	Dr Paul Girard	Insuffisance rénale chronique	N18.9
427	193025935032084	MAILLARD	Thierry	1993-02-22	M	thierry.maillard@exemple.org	0186362796	53 avenue Jean Jaurès, 59000 Lille	Dr Karim Benali	Diabète de type 2	E11.9
428	282056748247672	BARBIER	Thérèse	1982-05-12	F	thérèse.barbier@courriel.example.net	0671095158	84 rue de la Paix, 67000 Strasbourg	Dr Anne Poirier	Hépatite C chronique	B18.2
429	191035935032596	MÉNARD	Noël	1991-03-02	M	noël.ménard@example.com	0242232961	19 rue des Lilas, 59000 Lille	Dr Louis Besnard	Asthme	J45.9
430	102122123188207	ROUSSEL	David	2002-12-13	M	david.roussel@exemple.org	0525021319	10 avenue Jean Jaurès, 21000 Dijon	Dr Claire Marchal	Hypertension artérielle essentielle	I10
431	270063523839022	LAROCHE	Cécile	1970-06-01	F	cécile.laroche@example.fr	0112537174	24 place de la République, 35000 Rennes	Dr Claire Marchal	Hépatite C chronique	B18.2
432	189044410957826	HUET	Noël	1989-04-13	M	noël.huet@example.com	0326970605	6 impasse des Roses, 44000 Nantes	Dr Karim Benali	Insuffisance rénale chronique	N18.9
433	104016912321714	DUMONT	Frédéric	2004-01-20	M	frederic.dumont@courriel.example.net	0225621945	106 chemin des Vignes, 69003 Lyon	Dr Louis Besnard	Diabète de type 2	E11.9
434	197086912310447	AUBERT	Nicolas	1997-08-06	M	nicolas.aubert@exemple.org	0146927167	94 avenue Jean Jaurès, 69003 Lyon	Dr Louis Besnard	Dépression	F32.9
435	175087511163021	LECOMTE	Gérard	1975-08-25	M	gerard.lecomte@courriel.example.net	0507162063	88 rue Pasteur, 75011 Paris	Dr Anne Poirier	Diabète de type 2	E11.9
436	216064410997683	JOLY	Brigitte	2016-06-27	F	brigitte.joly@courriel.example.net	0495095361	91 boulevard Victor Hugo, 44000 Nantes	Dr Anne Poirier	Anémie par carence en fer	D50.9
437	142032123117763	GAILLARD	Daniel	1942-03-17	M	daniel.gaillard@example.fr	0743729237	76 rue des Lilas, 21000 Dijon	Dr Paul Girard	Dépression	F32.9
438	147113306323149	DUFOUR	Christian	1947-11-24	M	christian.dufour@courriel.example.net	0793316833	11 chemin des Vignes, 33000 Bordeaux	Dr Louis Besnard	Hypertension artérielle essentielle	I10
439	265047511166868	JOLY	Odile	1965-04-21	F	odile.joly@example.com	0527204197	103 chemin des Vignes, 75011 Paris	Dr Karim Benali	Anémie par carence en fer	D50.9
440	260112123142677	CARRÉ	Monique	1960-11-13	F	monique.carré@example.fr	0294188088	98 rue de la Paix, 21000 Dijon	Dr Louis Besnard	Asthme	J45.9
441	191094410960083	FONTAINE	Raphaël	1991-09-22	M	raphael.fontaine@exemple.org	0205857852	109 avenue de la Gare, 44000 Nantes	Dr Claire Marchal	Diabète de type 2	E11.9
442	260033155511369	FRANÇOIS	Monique	1960-03-13	F	monique.francois@courriel.example.net	0687018310	12 boulevard Victor Hugo, 31400 Toulouse	Dr Claire Marchal	Insuffisance rénale chronique	N18.9
443	169084410910093	AUBRY	Guillaume	1969-08-04	M	guillaume.aubry@example.fr	0415866756	105 place de la République, 44000 Nantes	Dr Claire Marchal	Dépression	F32.9
444	212093306357676	GIRARD	Chloé	2012-09-19	F	chloé.girard@example.com	0263463360	116 rue des Lilas, 33000 Bordeaux	Dr Claire Marchal	Anémie par carence en fer	D50.9
445	230033306348760	LABBÉ	Gaëlle	1930-03-10	F	gaelle.labbe@exemple.org	0210915920	106 rue Pasteur, 33000 Bordeaux	Dr Karim Benali	Hypothyroïdie	E03.9
446	269016748286760	ADAM	Anaïs	1969-01-13	F	anais.adam@example.com	0106469550	113 avenue Jean Jaurès, 67000 Strasbourg	Dr Hélène Vasseur	Hypothyroïdie	E03.9
447	152081320598139	MULLER	François	1952-08-08	M	françois.muller@exemple.org	0731730615	44 rue Émile Zola, 13005 Marseille	Dr Hélène Vasseur	Hépatite C chronique	B18.2
448	279092123132390	POIRIER	Céline	1979-09-27	F	celine.poirier@example.fr	0472286057	59 rue Pasteur, 21000 Dijon	Dr Claire Marchal	Anémie par carence en fer	D50.9
449	234045935064612	LABBÉ	Solène	1934-04-17	F	solène.labbé@example.fr	0293893225	108 rue Pasteur, 59000 Lille	Dr Karim Benali	Insuffisance rénale chronique	N18.9
450	140066748206288	LAROCHE	David	1940-06-28	M	david.laroche@courriel.example.net	0580986584	27 boulevard Victor Hugo, 67000 Strasbourg	Dr Anne Poirier	Diabète de type 2	E11.9
451	111093523811090	MAILLARD	Sébastien	2011-09-06	M	sébastien.maillard@courriel.example.net	0510507268	86 rue du Moulin, 35000 Rennes	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
452	215072123183365	MATHIEU	Manon	2015-07-23	F	manon.mathieu@exemple.org	0327494322	90 rue Émile Zola, 21000 Dijon	Dr Karim Benali	Dépression	F32.9
453	111013523865004	BRUN	Joël	2011-01-22	M	joel.brun@exemple.org	0730745030	115 boulevard Victor Hugo, 35000 Rennes	Dr Hélène Vasseur	Anémie par carence en fer	D50.9
454	176066748208547	CLÉMENT	Thierry	1976-06-28	M	thierry.clement@exemple.org	0104935540	50 avenue de la Gare, 67000 Strasbourg	Dr Hélène Vasseur	Diabète de type 2	E11.9
455	115112123191993	BRUN	Christian	2015-11-16	M	christian.brun@exemple.org	0248619640	29 avenue de la Gare, 21000 Dijon	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
456	219096912303128	ROYER	Catherine	2019-09-30	F	joel.royer@example.fr	0204772716	112 rue Pasteur, 69003 Lyon	Dr Karim Benali	Hypothyroïdie	E03.9
457	146023523831793	RENAULT	René	1946-02-09	M	rene.renault@courriel.example.net	0338338729	38 rue du Moulin, 35000 Rennes	Dr Anne Poirier	Hypertension artérielle essentielle	I10
458	190106912344977	NICOLAS	Bernard	1990-10-30	M	bernard.nicolas@courriel.example.net	0338331557	77 rue du Moulin, 69003 Lyon	Dr Claire Marchal	Anémie par carence en fer	D50.9
459	107043523818732	LECOMTE	Éric	2007-04-12	M	eric.lecomte@example.fr	0563302332	70 impasse des Roses, 35000 Rennes	Dr Claire Marchal	Diabète de type 2	E11.9
460	117112123122312	HUET	Marcel	2017-11-23	M	marcel.huet@courriel.example.net	0332747410	67 avenue de la Gare, 21000 Dijon	Dr Anne Poirier	Asthme	J45.9
461	131053155549031	PETIT	Alain	1931-05-13	M	alain.petit@courriel.example.net	0666600282	21 rue des Lilas, 31400 Toulouse	Dr Karim Benali	Hypothyroïdie	E03.9
462	290072123111815	BOYER	Clémence	1990-07-29	F	clémence.boyer@courriel.example.net	0219518162	31 allée des Tilleuls, 21000 Dijon	Dr Paul Girard	Hypothyroïdie	E03.9
463	154011320555759	ARNAUD	Éric	1954-01-16	M	éric.arnaud5@example.fr	0481372502	94 impasse des Roses, 13005 Marseille	Dr Karim Benali	Hépatite C chronique	B18.2
464	190072123138985	OLIVIER	Dominique	1990-07-10	M	dominique.olivier@example.com	0330772068	3 rue des Lilas, 21000 Dijon	Dr Anne Poirier	Diabète de type 2	E11.9
465	\N	MARIE	Solène	1959-04-22	F	solène.marie@courriel.example.net	0458513646	10 chemin des Vignes, 59000 Lille	Dr Paul Girard	Dépression	F32.9
466	288063306355214	PERROT	Sandrine	1988-06-17	F	sandrine.perrot@example.fr	0417754378	76 rue de la Paix, 33000 Bordeaux	Dr Paul Girard	Hypothyroïdie	E03.9
467	101113306382263	LAROCHE	Pierre	2001-11-05	M	pierre.laroche@courriel.example.net	0207887467	52 rue des Lilas, 33000 Bordeaux	Dr Karim Benali	Diabète de type 2	E11.9
468	\N	CARPENTIER	Geneviève	1950-01-16	F	genevieve.carpentier@courriel.example.net	0145131858	42 place de la République, 21000 Dijon	Dr Karim Benali	Diabète de type 2	E11.9
469	194046748264330	BRUN	Philippe	1994-04-28	M	philippe.brun@example.com	0141792210	117 impasse des Roses, 67000 Strasbourg	Dr Claire Marchal	Diabète de type 2	E11.9
470	240051320563304	ARNAUD	Christine	1940-05-18	F	éric.arnaud5@example.fr	0238723836	94 impasse des Roses, 13005 Marseille	Dr Claire Marchal	Hépatite C chronique	B18.2
471	135045935054319	BESNARD	Jacques	1935-04-05	M	jacques.besnard@example.com	0494770530	72 rue de la Paix, 59000 Lille	Dr Louis Besnard	Hypothyroïdie	E03.9
472	263117511184108	LECOMTE	Sandrine	1963-11-25	F	sandrine.lecomte@exemple.org	0683289093	4 boulevard Victor Hugo, 75011 Paris	Dr Hélène Vasseur	Asthme	J45.9
473	295083523884919	BARRE	Laurence	1995-08-31	F	laurence.barre@example.fr	0365166676	57 rue Pasteur, 35000 Rennes	Dr Paul Girard	Dépression	F32.9
474	194043155599710	BONNET	Marcel	1994-04-28	M	marcel.bonnet@courriel.example.net	0446371627	59 place de la République, 31400 Toulouse	Dr Hélène Vasseur	Asthme	J45.9
475	174086912337233	FAURE	Thomas	1974-08-04	M	thomas.faure@courriel.example.net	0250041585	102 impasse des Roses, 69003 Lyon	Dr Hélène Vasseur	Asthme	J45.9
476	163085935013985	ROGER	Thomas	1963-08-24	M	thomas.roger@example.fr	0196493594	75 boulevard Victor Hugo, 59000 Lille	Dr Karim Benali	Hépatite C chronique	B18.2
477	132022123183276	SCHMITT	Marcel	1932-02-03	M	marcel.schmitt@exemple.org	0182579349	1 impasse des Roses, 21000 Dijon	Dr Hélène Vasseur	Hypothyroïdie	E03.9
478	115084410968124	MÉNARD	Thomas	2015-08-11	M	thomas.menard@courriel.example.net	0157654810	87 rue du Moulin, 44000 Nantes	Dr Hélène Vasseur	Hypothyroïdie	E03.9
479	230103523817530	CHARPENTIER	Céline	1930-10-07	F	celine.charpentier@exemple.org	0759126134	88 rue du Moulin, 35000 Rennes	Dr Anne Poirier	Dépression	F32.9
480	173066748293622	LAURENT	Vincent	1973-06-03	M	vincent.laurent@courriel.example.net	0550669269	88 rue du Moulin, 67000 Strasbourg	Dr Louis Besnard	Hypothyroïdie	E03.9
481	107023306326387	FRANÇOIS	Frédéric	2007-02-16	M	frederic.francois@example.com	0709284674	58 rue Pasteur, 33000 Bordeaux	Dr Louis Besnard	Hypertension artérielle essentielle	I10
482	254066748219196	OLIVIER	Zoé	1954-06-19	F	zoé.olivier@example.fr	0599607056	84 boulevard Victor Hugo, 67000 Strasbourg	Dr Hélène Vasseur	Hypothyroïdie	E03.9
483	265043523820730	BERTRAND	Thérèse	1965-04-17	F	therese.bertrand@example.fr	0399332508	5 rue Émile Zola, 35000 Rennes	Dr Louis Besnard	Hypothyroïdie	E03.9
484	216063523828359	PÉREZ	Julie	2016-06-08	F	julie.pérez@example.fr	0122005151	44 rue Pasteur, 35000 Rennes	Dr Louis Besnard	Dépression	F32.9
485	188054410910084	LAMBERT	Thierry	1988-05-26	M	thierry.lambert@exemple.org	0493364998	42 rue des Lilas, 44000 Nantes	Dr Louis Besnard	Hépatite C chronique	B18.2
486	216023306390917	RENAUD	Catherine	2016-02-06	F	catherine.renaud@courriel.example.net	0411444263	104 place de la République, 33000 Bordeaux	Dr Paul Girard	Hépatite C chronique	B18.2
487	231042123121842	VIDAL	Brigitte	1931-04-28	F	brigitte.vidal@exemple.org	0250429984	84 chemin des Vignes, 21000 Dijon	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
488	135112123157836	LEBRUN	Gaël	1935-11-20	M	gael.lebrun@exemple.org	0750401262	15 rue du Moulin, 21000 Dijon	Dr Louis Besnard	Diabète de type 2	E11.9
489	135096748230046	LEROUX	Gaël	1935-09-18	M	gaël.leroux@exemple.org	0563671075	110 avenue de la Gare, 67000 Strasbourg	Dr Anne Poirier	Asthme	J45.9
490	135017511144121	PERRIN	Julien	1935-01-03	M	julien.perrin@exemple.org	0550738897	30 rue des Lilas, 75011 Paris	Dr Louis Besnard	Insuffisance rénale chronique	N18.9
491	236016912332732	ROUX	Julie	1936-01-26	F	julie.roux@courriel.example.net	0283115053	19 avenue Jean Jaurès, 69003 Lyon	Dr Anne Poirier	Hypothyroïdie	E03.9
492	\N	GAUTIER	Julie	1932-12-19	F	julie.gautier@example.fr	0382627645	29 rue de la Paix, 13005 Marseille	Dr Louis Besnard	Anémie par carence en fer	D50.9
493	264097511172147	LEMAIRE	Cécile	1964-09-21	F	cecile.lemaire@example.fr	0188371379	37 chemin des Vignes, 75011 Paris	Dr Anne Poirier	Insuffisance rénale chronique	N18.9
494	134062123119894	RÉMY	Laurent	1934-06-13	M	laurent.remy@exemple.org	0216718506	49 place de la République, 21000 Dijon	Dr Louis Besnard	Hépatite C chronique	B18.2
495	265011320586733	MARCHAL	Julie	1965-01-22	F	julie.marchal@exemple.org	0360037654	69 boulevard Victor Hugo, 13005 Marseille	Dr Anne Poirier	Dépression	F32.9
496	133047511175745	ROBERT	Rémi	1933-04-02	M	rémi.robert@example.fr	0558085745	46 rue des Lilas, 75011 Paris	Dr Karim Benali	Asthme	J45.9
497	255113523888551	FLEURY	Irène	1955-11-11	F	irène.fleury@example.com	0445878399	84 rue des Lilas, 35000 Rennes	Dr Karim Benali	Hépatite C chronique	B18.2
498	214045935011370	JEAN	Patricia	2014-04-13	F	patricia.jean@exemple.org	0227314306	89 rue du Moulin, 59000 Lille	Dr Paul Girard	Diabète de type 2	E11.9
499	197025935068409	GUILLAUME	Loïc	1997-02-09	M	loïc.guillaume@example.com	0582382946	50 place de la République, 59000 Lille	Dr Karim Benali	Hypothyroïdie	E03.9
500	188053155572213	ROLLAND	Stéphane	1988-05-02	M	stephane.rolland@courriel.example.net	0522170701	81 impasse des Roses, 31400 Toulouse	Dr Louis Besnard	Hépatite C chronique	B18.2
\.


--
-- Name: patients patients_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patients
    ADD CONSTRAINT patients_pkey PRIMARY KEY (id);


--
-- PostgreSQL database dump complete
--

\unrestrict WUwIBsapouQmYlli8MKoQvr0FczQoiX0lZMS2hrcqG0n21FB3UF5in2g7VKeJRx

