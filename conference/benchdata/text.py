"""Dutch text for the benchmark data: names, places, subjects and paragraphs that read like a town's.

Everything is drawn from one seeded ``random.Random``, so a load at the same scale produces the
same data. The subjects are the ones Dutch work conferences return to (loneliness, informal
carers, poverty, young people's resilience, ...), so a search for "eenzaamheid" finds a few percent
of the themes and "themes like this one" has real neighbours, as in a town's archive.
"""

import random

FIRST_NAMES = [
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Eva",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jan",
    "Karin",
    "Lars",
    "Maaike",
    "Niels",
    "Olga",
    "Pieter",
    "Roos",
    "Sanne",
    "Thijs",
    "Ursula",
    "Vera",
    "Willem",
    "Yara",
    "Zeynep",
    "Ahmed",
    "Fatima",
    "Mohamed",
    "Noor",
    "Sem",
    "Lotte",
    "Ruben",
    "Femke",
    "Joost",
    "Ingrid",
    "Kees",
    "Marloes",
    "Bas",
    "Esther",
    "Hidde",
    "Mirjam",
    "Tim",
    "Wendy",
    "Youssef",
    "Amira",
    "Sofie",
    "Luuk",
    "Iris",
    "Koen",
    "Petra",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "Schouten",
    "Willems",
]
VILLAGES = [
    "Brederwold",
    "Hoeveland",
    "Zandrijk",
    "Molenbeek",
    "Oosterweide",
    "Lindendaal",
    "Veldhoven-Noord",
    "Kruisdonk",
    "Eikenrode",
    "Wilgenhof",
    "Beekzicht",
    "Heidebos",
]
ROOMS = ["Grote zaal", "Raadzaal", "Bibliotheek", "Atelier", "Kantine", "Zaal 2", "Zaal 3"]
VENUES = ["Cultureel centrum De Ruif", "Dorpshuis De Linde", "Gemeentehuis", "Sporthal De Molen", "Bibliotheek"]

#: (subject for titles, noun phrase for sentences, target groups)
SUBJECTS = [
    ("Eenzaamheid", "eenzaamheid", ["ouderen", "jongeren", "alleenstaanden", "nieuwkomers"]),
    ("Mantelzorg", "de ondersteuning van mantelzorgers", ["mantelzorgers", "jonge mantelzorgers"]),
    ("Armoede en schulden", "armoede en schulden", ["gezinnen met weinig geld", "werkenden met schulden"]),
    ("Mentale weerbaarheid", "mentale weerbaarheid", ["jongeren van 12 tot 23 jaar", "studenten"]),
    ("Laaggeletterdheid", "laaggeletterdheid", ["volwassenen die moeite hebben met lezen", "ouders"]),
    ("Digitale vaardigheden", "digitale vaardigheden", ["ouderen", "mensen zonder computer"]),
    ("Bewegen en sport", "bewegen en sport", ["kinderen", "ouderen", "mensen met een beperking"]),
    ("Toegankelijkheid", "de toegankelijkheid van gebouwen en straten", ["mensen met een beperking"]),
    ("Wonen en zorg", "wonen met zorg in de eigen wijk", ["ouderen", "mensen met dementie"]),
    ("Dementievriendelijk", "een dementievriendelijke gemeente", ["mensen met dementie", "mantelzorgers"]),
    ("Vervoer op maat", "vervoer in de kleine kernen", ["ouderen", "mensen zonder auto"]),
    ("Vrijwilligerswerk", "vrijwilligerswerk", ["vrijwilligers", "verenigingen"]),
    ("Inburgering en taal", "taal en meedoen voor nieuwkomers", ["statushouders", "nieuwkomers"]),
    ("Gezond opgroeien", "gezond opgroeien", ["kinderen", "ouders van jonge kinderen"]),
    ("Werk en meedoen", "werk en meedoen", ["mensen met een afstand tot werk", "jongeren zonder diploma"]),
    ("Ontmoeting in de wijk", "ontmoeting in de wijk", ["buurtbewoners", "alleenstaanden"]),
    ("Voeding en gezondheid", "gezonde voeding", ["gezinnen", "ouderen"]),
    ("Veiligheid thuis", "veiligheid thuis en huiselijk geweld", ["gezinnen", "kinderen"]),
    ("Duurzaam wonen", "energiearmoede en duurzaam wonen", ["huurders", "gezinnen met weinig geld"]),
    ("Cultuur voor iedereen", "cultuur voor iedereen", ["kinderen", "mensen met weinig geld"]),
]

TITLE_PATTERNS = [
    "{subject} onder {group}",
    "{subject} bij {group} in {village}",
    "Samen tegen {lower} in {village}",
    "{subject}: meer aandacht voor {group}",
    "Aanpak {lower} voor {group}",
    "{subject} in de kernen",
    "Een plek voor {group} in {village}",
    "{subject} en {other}",
]
SENTENCES = [
    "In {village} merken we dat {group} vaak buiten de boot vallen als het gaat om {noun}.",
    "Veel {group} weten niet waar ze terechtkunnen met vragen over {noun}.",
    "De huisarts, het sociaal team en de bibliotheek zien het probleem, maar werken nog te weinig samen.",
    "Wij willen dat {group} zelf meepraten over wat er nodig is.",
    "Een vast inloopmoment in het dorpshuis kan een eerste stap zijn.",
    "Vrijwilligers willen helpen, maar hebben een vast aanspreekpunt nodig.",
    "Het gaat niet om een nieuw project, maar om beter gebruik van wat er al is.",
    "Over {noun} is vorig jaar ook gesproken; er is sindsdien te weinig gebeurd.",
    "We vragen de gemeente om ruimte en een klein budget voor een proef van een jaar.",
    "Scholen, sportverenigingen en kerken in {village} willen meedoen.",
    "Ervaringsdeskundigen vertellen dat schaamte een grote drempel is.",
    "Een goede start is een gesprek aan de keukentafel met {group}.",
    "We meten na een jaar wat het heeft opgeleverd en delen dat op de werkconferentie.",
]
OUTCOME_SENTENCES = [
    "Start een maandelijks inloopuur voor {group} in {village}.",
    "Maak een overzicht van alle activiteiten rond {noun} en deel het breed.",
    "Wie is het vaste aanspreekpunt voor {group}?",
    "Koppel vrijwilligers aan {group} die hulp zoeken.",
    "Vraag de bibliotheek om een spreekuur over {noun}.",
    "Hoe bereiken we {group} die niet zelf komen?",
    "Zet ervaringsdeskundigen in bij de voorlichting over {noun}.",
    "Organiseer een buurtmaaltijd en nodig {group} persoonlijk uit.",
    "Leg vast wie wat doet, en kijk over een half jaar samen terug.",
]
ORGANISATION_NAMES = [
    "Stichting Welzijn {village}", "Sociaal Team {village}", "Huisartsenpraktijk {village}", "Bibliotheek {village}",
    "Sportvereniging {village}", "Buurtvereniging {village}", "Basisschool De Regenboog {village}",
    "Thuiszorg {village}", "Vrijwilligerscentrale {village}", "Voedselbank {village}",
]  # fmt: skip


class Words:
    """Dutch names and texts from one seeded random generator."""

    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)  # noqa: S311 - repeatable sample data, not a secret

    def choice(self, items):
        return self.rng.choice(items)

    def person(self) -> str:
        return f"{self.choice(FIRST_NAMES)} {self.choice(LAST_NAMES)}"

    def subject(self, index: int | None = None):
        return SUBJECTS[index % len(SUBJECTS)] if index is not None else self.choice(SUBJECTS)

    def theme_title(self, subject) -> str:
        title, noun, groups = subject
        other = self.choice(SUBJECTS)[0].lower()
        text = self.choice(TITLE_PATTERNS).format(
            subject=title, lower=noun, group=self.choice(groups), village=self.choice(VILLAGES), other=other
        )
        return text[:1].upper() + text[1:]

    def paragraph(self, subject, sentences: int = 4, pool=SENTENCES) -> str:
        _title, noun, groups = subject
        chosen = self.rng.sample(pool, k=min(sentences, len(pool)))
        return " ".join(
            line.format(noun=noun, group=self.choice(groups), village=self.choice(VILLAGES)) for line in chosen
        )

    def markdown(self, subject, paragraphs: int = 2) -> str:
        return "\n\n".join(self.paragraph(subject, self.rng.randint(3, 5)) for _ in range(paragraphs))

    def outcome(self, subject) -> str:
        return self.paragraph(subject, self.rng.randint(1, 2), OUTCOME_SENTENCES)
