"""Small word lists the search needs besides PostgreSQL's own.

BODY_WORDS: everyday words for parts of the body and what they do, in both languages; they
are spelt right whether or not the content uses them, so “calf” is never “call” (issue 31).

STOPWORDS: words too common to search by (dropped from the any-word query and the
warning-sign check, as PostgreSQL's text-search configurations drop them). COMMON_WORDS: everyday words that
are spelt right even when the portal's content never uses them, so “did you
mean” never swaps them for a rarer content word (“room” is not “root”).
"""

STOPWORDS = {
    "en": set(
        """a about above after again against all am an and any are as at be because been before being below
        between both but by can could did do does doing down during each few for from further had has have
        having he her here hers herself him himself his how i if in into is it its itself just me more most
        my myself no nor not now of off on once only or other our ours ourselves out over own same she
        should so some such than that the their theirs them themselves then there these they this those
        through to too under until up very was we were what when where which while who whom why will with
        would you your yours yourself yourselves""".split()  # noqa: SIM905 (a word list reads better as text)
    ),
    "es": set(
        """a al algo algunas algunos ante antes como con contra cual cuando cuál cuándo cómo de del desde donde
        durante dónde e el ella ellas ellos en entre era eran es esa esas ese eso esos esta estaba estado
        estan estas este esto estos está están fue fueron ha han hasta hay la las le les lo los me mi mis
        mucho muy más nada ni no nos o os otra otras otro otros para pero poco por porque que quien qué se
        sea ser si sin sobre son su sus también te tiene tienen todo todos tu tus un una uno unos y ya yo él después
        cuanto cuánto cuantos cuántos cuanta cuánta""".split()  # noqa: SIM905 (a word list reads better as text)
    ),
}

COMMON_WORDS = {
    "en": set(
        """able about after afterward afterwards again ago air all almost alone along also always among another
        answer anyone anything arm around ask asked away baby back bad bath bathroom bed bedroom before begin behind
        believe best better big bill bit body book both bottom break breakfast bring brother call came car
        care carry case cause chair change child children city close clothes cold come coming cost couch
        could day days dear did different dinner doctor doctors does dog done door down drink drive driving
        drove during early easy eat eating else emergency end enough even evening ever every everyone
        everything eye eyes face family far fast father feel feeling feet few find fine first floor food
        foot found free friend friends front full fun game gave get gets getting give given glad goes going
        gone good got great ground group grow hair half hand hands happen happened happy hard head hear
        heard heart help here high hold home hope hospital hot hour hours house hurt husband idea important
        inside instead job keep kind kitchen knee knew know large last late later learn leave left leg legs
        less let life light like line little live long look looking lose lost lot love low lunch made make
        making man many may maybe mean meet might mind minute minutes money month months morning mother much
        must name near need needed never new next nice night nothing now number often okay old once open
        order outside over page pain paper part past pay people person phone pick place plan play please
        point put question quick quite rain ran read ready real really reason red rest right room run said
        same sat saw say school second see seem seen sell send set shower side sister sit sitting sleep
        sleeping slow small someone something sometimes soon sorry start stay step still stop store story
        street sure table take taken talk tell thing things think thought time today together told tomorrow
        took top toward town tried true try turn until upon use used walk walking want wanted warm watch
        water way week weeks well went whole wife window without woman word work world write wrong year
        years yes yesterday young""".split()  # noqa: SIM905 (a word list reads better as text)
    ),
    "es": set(
        """agua ahora ahí aquí año años baño bien bueno cabeza cama carro casa cerca comer comida cosa cosas
        creo cuarto cuerpo dar decir dedo después dice dinero doctor doctora dolor dormir día días ella
        entonces esposa esposo estar familia favor fuerte gente gracias grande hablar hacer hija hijo hombre
        hora horas hospital hoy ir lado largo leer lejos llamar luego madre mano mañana mejor menos mes
        meses mientras momento mujer mundo nada noche nombre nuevo nunca ojo otra otro padre pagar parte
        pasa pasar pecho pie pierna poco poder pregunta primero pronto puede puerta quiero rápido sala
        semana semanas siempre silla sobre tarde tener tiempo todo trabajar trabajo usted ver vez vida
        volver""".split()  # noqa: SIM905 (a word list reads better as text)
    ),
}

BODY_WORDS = {
    "en": set(
        """ankle ankles arm arms armpit back belly bladder blood bone bones bottom bowel bowels bum buttock
        buttocks calf calves cheek chest chin ear ears elbow elbows finger fingers foot feet forehead groin hand
        hands head heel hip hips jaw knee knees leg legs lip lips lung lungs mouth muscle muscles nail neck
        nose pee pelvis poop rib ribs shin shins shoulder shoulders skin spine stomach throat thigh thighs
        thumb toe toes tongue tummy urine waist wrist wrists""".split()  # noqa: SIM905 (a word list reads better as text)
    ),
    "es": set(
        """boca brazo brazos cabeza cadera caderas cara codo codos corazón costilla costillas cuello dedo dedos
        diente dientes espalda estómago garganta hombro hombros hueso huesos ingle labio labios lengua mano
        manos mandíbula muñeca muñecas muslo muslos músculo músculos nalga nalgas nariz oído oreja orejas orina
        panza pantorrilla pantorrillas pecho pie pierna piernas piel pies pulmón pulmones rodilla rodillas
        sangre talón tobillo tobillos uña uñas vejiga""".split()  # noqa: SIM905 (a word list reads better as text)
    ),
}


def is_everyday_word(word: str, language: str) -> bool:
    """A word of the language's general word lists (stopwords, everyday words, body words), accents or not."""
    return without_accents(word.lower()) in _EVERYDAY_BARE.get(language, set())


def is_stopword(word: str, language: str) -> bool:
    """A stopword of `language`, typed with its accents or without (“despues”)."""
    return without_accents(word.lower()) in _STOPWORDS_BARE.get(language, set())


def without_accents(word: str) -> str:
    """`word` with its accents taken off (“cirugía” → “cirugia”), as PostgreSQL's unaccent does; ñ stays."""
    return word.translate(_ACCENTS)


_ACCENTS = str.maketrans("áéíóúüÁÉÍÓÚÜ", "aeiouuAEIOUU")


_STOPWORDS_BARE = {language: {without_accents(word) for word in words} for language, words in STOPWORDS.items()}
_EVERYDAY_BARE = {
    language: {without_accents(word) for words in (STOPWORDS, COMMON_WORDS, BODY_WORDS) for word in words[language]}
    for language in STOPWORDS
}
