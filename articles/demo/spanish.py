"""The demo's Spanish translations: the seed article, translated section by section with its
citation markers where the original has them, and the first version of "Can adult attachment
style change over time?", which its original has since moved past (articles.demo.content
tells both stories)."""

GUIDELINES = "Según las guías clínicas"
RESEARCH = "Según la investigación"

SEED_TITLE = "¿Qué factores contribuyen a desarrollar un estilo de apego seguro en la edad adulta?"

SEED_GUIDELINES = """\
Para desarrollar un estilo de apego seguro en la edad adulta es fundamental centrarse en el \
autoconocimiento, la regulación emocional y la construcción de relaciones sanas, ya que estudios \
recientes indican que el apego sigue siendo modificable, en cierta medida, más allá de la \
primera infancia, incluso en la adolescencia y la edad adulta [@pediatrics2021trauma]. En el \
desarrollo de un estilo de apego seguro intervienen varios factores clave, entre ellos:

- **Autoconocimiento:** es esencial examinar los propios patrones de apego mediante la \
reflexión o la escritura de un diario sobre la conducta en las relaciones y las respuestas \
emocionales.
- **Regulación emocional:** puede ser útil practicar la regulación emocional identificando y \
nombrando los propios sentimientos sin juzgarlos, y recurrir a técnicas de atención plena, como \
la respiración profunda, ante la ansiedad o la evitación en las relaciones.
- **Construcción de relaciones sanas:** la psicoterapia, en particular la terapia \
cognitivo-conductual o los enfoques psicodinámicos, puede ayudar a abordar las heridas de apego \
de la infancia, y es fundamental construir una red de apoyo de relaciones estables y de \
confianza en las que practicar la vulnerabilidad de forma gradual. La importancia de un estilo \
de apego seguro se pone de manifiesto en su repercusión sobre la salud mental: los estudios \
muestran que los estilos de apego menos seguros se asocian con más síntomas de depresión \
posparto y de otros trastornos mentales [@pediatrics2021trauma]. En cuanto a las estrategias \
concretas para desarrollar un estilo de apego seguro, es esencial:
- Practicar la autocompasión, tratándose a uno mismo con la misma amabilidad que se ofrecería a \
un amigo.
- Comunicar abiertamente las propias necesidades y límites en las relaciones, respetando los de \
los demás.
- Reconocer que desarrollar un apego seguro lleva tiempo, porque supone reconfigurar vías \
neuronales formadas en etapas tempranas de la vida, pero que la práctica constante de estas \
habilidades puede conducir a relaciones más satisfactorias y a un mayor bienestar emocional, \
como respaldan el concepto de atención a la salud relacional y la importancia de establecer y \
mantener relaciones seguras, estables y enriquecedoras [@pspr2018workingmodels].
"""

SEED_FACTORS = """\
### Factores que contribuyen a un estilo de apego seguro en la edad adulta

Diversos factores contribuyen al desarrollo de un estilo de apego seguro en la edad adulta, \
entre ellos:

- Una relación terapéutica positiva y de apoyo, que puede ofrecer una base segura desde la que \
explorar y elaborar las propias experiencias de apego [@ahd2007positive]
- La capacidad de formular y elaborar las experiencias relacionales de forma sana y \
constructiva [@ahd2007positive; @pspr2018workingmodels]
- La autocompasión, que puede mediar en la relación entre el estilo de apego y el bienestar \
eudaimónico [@ahd2007positive]
- Las experiencias que fomentan la confianza personal y modelos mentales seguros de uno mismo, \
como la dependencia positiva y las relaciones seguras [@pspr2018workingmodels]
- La conciencia del terapeuta sobre sus propias experiencias de apego y las de sus pacientes, y \
su capacidad para formular y atender las necesidades de apego de estos [@ahd2007positive]
"""

SEED_THEMES = """
### Temas clave en la terapia basada en el apego

La investigación ha identificado varios temas clave en la terapia basada en el apego, entre \
ellos:

- La modificación de los modelos operativos internos
- La relación terapéutica y la creación de una base segura
- La formulación y elaboración de las experiencias relacionales
- La contratransferencia
- La separación, la finalización del tratamiento y los límites
- El trabajo con distintos estilos o patrones de apego [@ahd2007positive]
"""

SEED_IMPORTANCE = """
### La importancia de la seguridad del apego en la edad adulta

La seguridad del apego es importante para el bienestar psicológico en la edad adulta y se \
relaciona con sentimientos de alegría, consuelo y satisfacción a lo largo de la vida \
[@ahd2007positive]. El apego seguro puede favorecer una actitud de amabilidad y aceptación hacia \
uno mismo y mejorar el bienestar psicológico y físico [@ahd2007positive].
"""

SEED_SECTIONS = [
    (GUIDELINES, SEED_GUIDELINES),
    (RESEARCH, SEED_FACTORS + SEED_THEMES + SEED_IMPORTANCE),
]

CHANGE_TITLE = "¿Puede cambiar con el tiempo el estilo de apego en la edad adulta?"
CHANGE_SECTIONS = [
    (
        GUIDELINES,
        "Las guías clínicas consideran que las relaciones tempranas son formativas, pero no "
        "determinantes: las relaciones seguras, estables y enriquecedoras siguen siendo "
        "protectoras más allá de la primera infancia [@pediatrics2021trauma].",
    ),
    (
        RESEARCH,
        "### Situaciones relacionales que favorecen la seguridad\n\n"
        "Los modelos operativos del apego pueden revisarse con el tiempo, en particular a través "
        "de situaciones relacionales que cuestionan las expectativas inseguras y ofrecen "
        "experiencias nuevas y más seguras [@pspr2018workingmodels].\n\n"
        "### Experiencias positivas\n\n"
        "Las experiencias relacionales positivas se asocian con una mayor seguridad del apego y "
        "un mayor bienestar en los adultos [@ahd2007positive].",
    ),
]

# The Spanish-reading board members' reviews of a translation, and the approval.
REVIEWS = {
    "reviewer2": (
        "approve",
        "Traducción fiel al original; la terminología clínica es correcta y cada cita remite a "
        "la misma fuente que en inglés.",
    ),
    "reviewer3": (
        "approve",
        "Lenguaje claro y adecuado para profesionales; las afirmaciones citadas coinciden con "
        "sus fuentes.",
    ),
}
APPROVAL = "Traducción fiel y bien documentada. Aprobada."
SUBMISSION = "Traducción al español de la revisión publicada, lista para el comité."
