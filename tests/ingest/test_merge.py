from datetime import date

from events.ingest.merge import dates_compatible, merge_mentions
from events.ingest.types import DateResolution, EventCandidate

SATURDAY = DateResolution(date(2019, 2, 2), date(2019, 2, 2), "day", "Saturday")
TUESDAY = DateResolution(date(2019, 2, 5), date(2019, 2, 5), "day", "Tuesday")
FEBRUARY = DateResolution(date(2019, 2, 1), date(2019, 2, 28), "month", "in February")
FROM_CONTEXT = DateResolution(date(2019, 2, 2), date(2019, 2, 2), "day", "Saturday", "context")


def candidate(text, start, *, type="protest", when=SATURDAY, actors=(), location=None, back_reference=False):
    return EventCandidate(
        summary=text, type=type, date=when, actors=actors, location=location, spans=((start, start + len(text)),),
        evidence=text, back_reference=back_reference,
    )  # fmt: skip


def test_a_back_reference_on_the_same_day_is_the_same_happening():
    first = candidate("Tens of thousands rallied in Caracas", 0, actors=(("Juan Guaidó", "initiator"),))
    later = candidate("The rally drew supporters from every class", 100, when=FROM_CONTEXT, back_reference=True)
    (merged,) = merge_mentions([first, later])
    assert merged.spans == ((0, 36), (100, 142))
    assert merged.summary == first.summary
    assert merged.date == SATURDAY  # the explicit date wins over the borrowed one


def test_the_same_initiator_told_again_nearby_merges_and_keeps_the_stronger_role():
    first = candidate("Guaidó led a rally", 0, actors=(("Juan Guaidó", "initiator"), ("Maduro", "participant")))
    later = candidate("Guaidó addressed tens of thousands", 50, actors=(("Juan Guaidó", "initiator"),))
    (merged,) = merge_mentions([first, later], sentence_of=[1, 2])
    assert dict(merged.actors) == {"Juan Guaidó": "initiator", "Maduro": "participant"}
    assert len(merge_mentions([first, later], sentence_of=[1, 9])) == 2  # far apart: told as two


def test_different_initiators_are_different_happenings():
    rally = candidate("Guaidó led a rally", 0, actors=(("Juan Guaidó", "initiator"),))
    counter = candidate("Maduro held a counter-rally", 50, actors=(("Maduro", "initiator"),), when=FROM_CONTEXT)
    assert len(merge_mentions([rally, counter], sentence_of=[1, 2])) == 2


def test_same_type_and_day_without_anything_shared_stay_apart():
    first = candidate("Crowds marched in Caracas", 0, location="Caracas")
    later = candidate("Students marched in Valencia", 50, location="Valencia")
    assert len(merge_mentions([first, later])) == 2


def test_different_days_or_types_stay_apart_even_with_a_shared_actor():
    actor = (("Police", "initiator"),)
    assert (
        len(
            merge_mentions(
                [
                    candidate("Police arrested A", 0, type="arrest", actors=actor),
                    candidate("Police arrested B", 40, type="arrest", when=TUESDAY, actors=actor),
                ]
            )
        )
        == 2
    )
    assert (
        len(
            merge_mentions(
                [
                    candidate("Police arrested A", 0, type="arrest", actors=actor),
                    candidate("Police fired tear gas", 40, type="riot", actors=actor),
                ]
            )
        )
        == 2
    )


def test_a_detail_without_date_or_doer_elaborates_the_happening_before_it_but_not_a_catch_all_one():
    rally = candidate("Tens of thousands rallied on Saturday", 0)
    chant = candidate("The crowd chanted slogans", 50, when=FROM_CONTEXT)
    assert len(merge_mentions([rally, chant], sentence_of=[1, 2])) == 1
    decree = candidate("The army declared martial law", 0, type="strategic_development")
    order = candidate("Stations were told to suspend programs", 50, type="strategic_development", when=FROM_CONTEXT)
    assert len(merge_mentions([decree, order], sentence_of=[1, 2])) == 2


def test_dates_compatible():
    assert dates_compatible(SATURDAY, FEBRUARY)
    assert not dates_compatible(SATURDAY, TUESDAY)
    assert dates_compatible(SATURDAY, DateResolution(None, None, "approximate", None))


def test_a_day_its_own_sentence_gives_beats_a_vague_context_date_when_both_are_borrowed():
    last_week = DateResolution(date(2019, 1, 28), date(2019, 2, 3), "approximate", "last week", "context")
    friday = DateResolution(date(2019, 2, 1), date(2019, 2, 1), "day", "Friday", "context")
    first = candidate("He apparently fled the capital by car", 0, type="strategic_development", when=last_week)
    later = candidate("the president fled the capital for the east", 200, type="strategic_development", when=friday)
    (merged,) = merge_mentions([first, later])
    assert merged.date == friday


def test_a_toll_a_source_gives_stays_its_own_report():
    first = candidate("Security forces stormed the two camps", 0, type="violence_against_civilians")
    toll = candidate(
        "The Health Ministry said that 235 civilians had been killed across the country",
        120,
        type="violence_against_civilians",
        when=FROM_CONTEXT,
    )
    detail = candidate("The crowd fled under tear gas", 240, type="violence_against_civilians", when=FROM_CONTEXT)
    assert len(merge_mentions([first, detail], sentence_of=[0, 1])) == 1  # a detail with no doer joins
    merged = merge_mentions([first, toll], sentence_of=[0, 1])
    assert [m.spans[0][0] for m in merged] == [0, 120]  # the sourced toll does not


def test_a_protest_and_a_riot_in_one_place_on_one_day_are_one_demonstration_that_turned_violent():
    protest = candidate("Protesters marched through the centre", 0, location="Plymouth")
    riot = candidate("Clashes broke out in the centre", 60, type="riot", location="Plymouth")
    elsewhere = candidate("Clashes broke out in the port", 120, type="riot", location="Hull")
    merged = merge_mentions([protest, riot, elsewhere], sentence_of=[0, 1, 2])
    assert [m.type for m in merged] == ["riot", "riot"]
    assert merged[0].spans == ((0, 37), (60, 91))
