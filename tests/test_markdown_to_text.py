"""One Markdown-to-text stripper, used by the reading grade, the quality checks and search."""

from education import markdown, quality, readability, search
from education.markdown import markdown_to_text


def test_marks_go_and_words_and_lines_stay():
    text = "## Before surgery\n- **Stop** smoking\n• Eat well\n2) See [your doctor](https://example.org/x)\n> _Rest_"
    assert markdown_to_text(text) == "Before surgery\nStop smoking\nEat well\nSee your doctor\nRest"


def test_the_grade_the_checks_and_search_all_use_it():
    assert readability.markdown_to_text is quality.markdown_to_text is search.markdown_to_text is markdown_to_text
    assert markdown.markdown_to_text is markdown_to_text


def test_marks_change_neither_the_grade_nor_the_sentences():
    plain = "You will rest at home.\nYou can walk each day.\nCall us with any worry."
    marked = "## You will rest at home.\n- You can **walk** each day.\n- Call [us](tel:555) with any worry."
    assert readability.reading_grade(marked) == readability.reading_grade(plain) is not None
    assert quality.sentences(marked) == quality.sentences(plain)
