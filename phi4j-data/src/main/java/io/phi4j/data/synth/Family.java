package io.phi4j.data.synth;

import io.phi4j.data.Lesson;

/** A kind of lesson. Implementations are stateless; all randomness comes from the context. */
interface Family {
    /** Short stable name, e.g. {@code add-sub}; appears in the corpus and its stats. */
    String name();

    /** One lesson (id and split are filled in by the generator). */
    Lesson generate(Ctx ctx);
}
