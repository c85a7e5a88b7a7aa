"""Attribution rules on real sentence shapes from the seeds and on other news English."""

from __future__ import annotations

import pytest

from factcheck.documents import Attribution
from factcheck.text.attribution import attribute

# (sentence, speaker, cue); speaker None = the outlet's own voice.
SINGLE = [
    # Seeds.
    (
        "Russian forces have occupied the Kherson Regional State Administration building, Gov. "
        "Hennadiy Lahuta said, but a spokeswoman for the Ukrainian defense ministry denied the "
        "port city of nearly 300,000 was under Moscow's control.",
        "Gov. Hennadiy Lahuta",
        "said",
    ),
    (
        "Explosions continued to rock the capital, Kyiv, as a massive convoy of Russian ground "
        "forces - stalled by low morale and botched planning - remained within 20 miles of the "
        "city's center, according to the British Defense Ministry.",
        "the British Defense Ministry",
        "according to",
    ),
    (
        "Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be "
        "demilitarized even if a peace agreement were signed.",
        "Foreign Minister Sergei Lavrov",
        "told",
    ),
    (
        "\u201cThe civilian, vital infrastructure and city transport work as usual,\u201d Igor "
        "Konashenkov said.",
        "Igor Konashenkov",
        "said",
    ),
    ("\u201cI don\u2019t bite,\u201d Zelenskyy said.", "Zelenskyy", "said"),
    (
        'Expressing disappointment with the results, Podolyak said in a tweet, "The second round '
        'of negotiations is over."',
        "Podolyak",
        "said",
    ),
    (
        '"We are ready to conduct talks, but we will continue the operation," AP quoted Lavrov as '
        "saying.",
        "Lavrov",
        "quoted as saying",
    ),
    (
        "Russian troops have seized the Ukrainian port city of Kherson, indicated mayor Igor "
        "Kolykhayev, who held discussions with the \u201carmed guests\u201d on Thursday.",
        "mayor Igor Kolykhayev",
        "indicated",
    ),
    (
        "Russia's Defense Ministry said 498 service members have died and more than 1,500 have "
        "been wounded in the fighting.",
        "Russia's Defense Ministry",
        "said",
    ),
    (
        "In a 90-minute telephone conversation Thursday initiated by Putin with French President "
        "Emmanuel Macron, Putin told Macron that Russia would achieve its goals, the Kremlin said "
        "in a statement.",
        "Putin",
        "told",
    ),
    (
        "On the other hand, Russian negotiator Vladimir Medinsky claimed the negotiations "
        'yielded "substantial progress".',
        "Russian negotiator Vladimir Medinsky",
        "claimed",
    ),
    (
        "Meanwhile, the Pentagon also announced Thursday that it is postponing a nuclear missile "
        "test launch scheduled for this week.",
        "the Pentagon",
        "announced",
    ),
    (
        "Russia's Defense Ministry insists that it does allow civilians to leave.",
        "Russia's Defense Ministry",
        "insists",
    ),
    (
        "The United Nations recorded 227 civilian deaths as of Wednesday, including 15 children, "
        "and warned that the true numbers were probably much higher.",
        "The United Nations",
        "warned",
    ),
    (
        "He noted \u201cnearly 9,000 Russians have been killed in one week,\u201d saying \u201cthe "
        "morale of the enemy is falling.\u201d",
        "He",
        "noted",
    ),
    (
        "Without providing evidence, Putin also accused Ukrainian nationalist groups of "
        "preventing civilians from fleeing.",
        "Putin",
        "accused",
    ),
    (
        "Roscosmos, the Russian space agency, said it will no longer service the RD-180 rocket "
        "engines.",
        "Roscosmos",
        "said",
    ),
    (
        "The mayor of Mariupol, another seaside hub, said hours-long shelling has cut off water, "
        "power and food supplies.",
        "The mayor of Mariupol",
        "said",
    ),
    (
        'Estimating casualties is difficult, another local official said: "We cannot collect all '
        'the bodies, and we cannot count."',
        "another local official",
        "said",
    ),
    (
        'A defiant Ukrainian President Volodymyr Zelensky said Thursday: "So many times they '
        "wanted to destroy us. But they couldn't.\"",
        "Ukrainian President Volodymyr Zelensky",
        "said",
    ),
    (
        "Russian troops were also besieging the port city of Mariupol east of Kherson, an "
        "attempt Mayor Vadym Boichenko said was aimed at isolating Ukraine.",
        "Mayor Vadym Boichenko",
        "said",
    ),
    (
        "Mykhailo Podolyak, a member of Ukraine\u2019s delegation said that the parties have "
        "reached a tentative agreement, news agency AP reported.",
        "Mykhailo Podolyak",
        "said",
    ),
    (
        "Earlier, the Russian Foreign Minister Sergey Lavrov had said that while Moscow was ready "
        "for talks, it would continue their attack.",
        "Russian Foreign Minister Sergey Lavrov",
        "said",
    ),
    (
        "\u201cWe continue to see them resist and fight,\u201d said the official, who added Russia "
        "has launched more than 480 missiles since the invasion began.",
        "the official",
        "said",
    ),
    (
        "Russia\u2019s Defense Ministry put out its first casualties report, saying 498 of its "
        "troops were killed in Ukraine.",
        "Russia\u2019s Defense Ministry",
        "saying",
    ),
    (
        "Poland has taken in half of the more than 1 million refugees, according to the U.N. "
        "High Commissioner for Refugees.",
        "the U.N. High Commissioner for Refugees",
        "according to",
    ),
    (
        "More than 1 million refugees have left Ukraine, according to data from UNHCR, the U.N. "
        "refugee agency.",
        "UNHCR",
        "according to",
    ),
    (
        'Russian President Vladimir Putin pledged to achieve his goals in Ukraine "no matter '
        'what," according to a Kremlin statement, which described the war as unfolding '
        '"according to plan."',
        "a Kremlin statement",
        "according to",
    ),
    (
        "Local government officials and the Russian military confirmed the seizure of Kherson, "
        "following days of disputed claims over who was in control.",
        "Local government officials and the Russian military",
        "confirmed",
    ),
    (
        "Negotiators for Ukraine demanded a ceasefire, while Russian President Vladimir Putin "
        "has warned Ukraine it must accept the Kremlin\u2019s demand.",
        "Russian President Vladimir Putin",
        "warned",
    ),
    (
        'Medinsky said, "The main issue we decided on today was the issue of saving people," '
        "DW reported.",
        "Medinsky",
        "said",
    ),
    (
        "The U.N. body has said it expects 4 million people could leave Ukraine.",
        "The U.N. body",
        "said",
    ),
    # Other news English.
    (
        "\u201cWe will not surrender,\u201d said Dmitry Peskov, the Kremlin spokesman.",
        "Dmitry Peskov",
        "said",
    ),
    ("The Kremlin said in a statement that the talks would continue.", "The Kremlin", "said"),
    ("Police said three people were arrested on Friday.", "Police", "said"),
    ("The company said it would close the plant.", "The company", "said"),
    (
        "Germany's Chancellor Olaf Scholz said Berlin would send weapons.",
        "Chancellor Olaf Scholz",
        "said",
    ),
    ("The war is going according to plan, Putin said.", "Putin", "said"),
    (
        "Two senior U.S. officials, speaking on condition of anonymity, said the plan was dropped.",
        "Two senior U.S. officials",
        "said",
    ),
    (
        "A spokesman for President Volodymyr Zelenskyy said the talks had ended.",
        "A spokesman for President Volodymyr Zelenskyy",
        "said",
    ),
    ("The U.N. estimated that 4 million people could flee.", "The U.N.", "estimated"),
    ("The move, analysts said, signals a shift in strategy.", "analysts", "said"),
    ("Kyiv has said it will not negotiate under fire.", "Kyiv", "said"),
    (
        "Prices rose sharply, the central bank noted in its report.",
        "the central bank",
        "noted",
    ),
    (
        "The Associated Press reported that at least 12 people died.",
        "The Associated Press",
        "reported",
    ),
    ("Zelenskyy was quoted as saying the city would hold.", "Zelenskyy", "quoted as saying"),
    # The outlet's own voice, including words that look like cues.
    (
        "Putin also called French President Emmanuel Macron, in what appeared to have been a "
        "markedly more strained exchange.",
        None,
        None,
    ),
    ("The company added 500 jobs in March.", None, None),
    ("Civilians were denied access to the city.", None, None),
    ("The so-called republics declared independence in 2014.", None, None),
    ("Following days of disputed claims, the city fell.", None, None),
    (
        "Russia annexed the Crimean Peninsula from Ukraine in 2014 and recognized the separatist "
        '"republics" in eastern Ukraine as independent states last month.',
        None,
        None,
    ),
    ("Kherson, a city of 280,000 people, is a strategic port to the Black Sea.", None, None),
    ("What was said at the meeting remains unclear.", None, None),
    ("The bridge was said to be closed for repairs.", None, None),
]


@pytest.mark.parametrize(("sentence", "speaker", "cue"), SINGLE)
def test_single_sentence(sentence: str, speaker: str | None, cue: str | None) -> None:
    (found,) = attribute([sentence])
    if speaker is None:
        assert found is None
    else:
        assert found == Attribution(speaker=speaker, cue=cue or "")


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        pytest.param(
            [
                "Ukraine\u2019s Defense Minister Oleksii Reznikov cited expectations ahead of the "
                "invasion that Russia would quickly overtake Ukraine, writing on Facebook, "
                "\u201cNo one, neither in Russia nor in the West, believed that we would last a "
                "week.\u201d",
                "He added that while there are challenges ahead, Ukraine has \u201cevery reason to "
                "be confident.\u201d",
            ],
            [
                ("Defense Minister Oleksii Reznikov", "writing"),
                ("Defense Minister Oleksii Reznikov", "added"),
            ],
            id="reznikov-pronoun",
        ),
        pytest.param(
            [
                "\u201cThe civilian, vital infrastructure and city transport work as usual,\u201d "
                "Igor Konashenkov said.",
                "\u201cThe city doesn\u2019t suffer from a lack of food and basic "
                "commodities.\u201d",
                "Kherson, a city of 280,000 people, is a strategic port to the Black Sea.",
            ],
            [("Igor Konashenkov", "said"), ("Igor Konashenkov", "said"), None],
            id="quotation-continues",
        ),
        pytest.param(
            [
                "U.S. Secretary of State Antony Blinken said the United States remains open to "
                "finding a diplomatic solution.",
                "\u201cIt\u2019s much more difficult for diplomacy to succeed when guns are firing "
                "and tanks are rolling,\u201d he told reporters Wednesday.",
            ],
            [
                ("U.S. Secretary of State Antony Blinken", "said"),
                ("U.S. Secretary of State Antony Blinken", "told"),
            ],
            id="lowercase-he-after-quote",
        ),
        pytest.param(
            [
                "Foreign Minister Sergei Lavrov earlier told journalists that Ukraine would be "
                "demilitarized.",
                "He blamed Ukraine for a delay in talks, claiming that the Ukrainians were "
                '"receiving instructions from Washington."',
            ],
            [
                ("Foreign Minister Sergei Lavrov", "told"),
                ("Foreign Minister Sergei Lavrov", "claiming"),
            ],
            id="participle-with-pronoun-subject",
        ),
        pytest.param(
            [
                "Despite Russia taking over the first major Ukrainian city, President Volodymyr "
                "Zelenskyy sounded confident in the \u201cfierce resistance\u201d he\u2019s seen.",
                "He noted \u201cnearly 9,000 Russians have been killed in one week.\u201d",
            ],
            [None, ("President Volodymyr Zelenskyy", "noted")],
            id="pronoun-to-previous-subject",
        ),
        pytest.param(
            [
                'A senior French official said it left Macron convinced that "the worst is yet '
                'to come."',
                'He called reports of civilian casualties "disinformation."',
            ],
            [("A senior French official", "said"), ("He", "called")],
            id="unnamed-speaker-is-not-a-referent",
        ),
        pytest.param(
            [
                "Russian officials said the negotiators would discuss a cease-fire.",
                "They added that the talks would last two days.",
            ],
            [("Russian officials", "said"), ("Russian officials", "added")],
            id="they-to-a-group",
        ),
        pytest.param(
            [
                "The river is wide.",
                "\u201cWe will hold,\u201d the commander said.",
                "\u201cThey will not pass.\u201d",
            ],
            [None, ("the commander", "said"), ("the commander", "said")],
            id="quote-continues-after-outlet-voice",
        ),
        pytest.param(
            ["Kherson fell on Thursday.", "\u201cNo comment.\u201d"],
            [None, None],
            id="quote-without-prior-speaker",
        ),
    ],
)
def test_context(sentences: list[str], expected: list[tuple[str, str] | None]) -> None:
    got = [(a.speaker, a.cue) if a else None for a in attribute(sentences)]
    assert got == expected


def test_one_result_per_sentence() -> None:
    assert attribute([]) == []
    sentences = ["Kyiv held.", "Officials said so.", "It rained."]
    assert len(attribute(sentences)) == len(sentences)
