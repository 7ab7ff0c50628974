package io.phi4j.data.teacher;

import io.phi4j.data.Lesson;

import java.util.List;

/**
 * One request to the teacher and what its reply must satisfy.
 *
 * @param item the item number (lesson {@code item} of the seed corpus)
 * @param seed the offline lesson the request is built from: its problem, answer, keys, split, audience and style
 * @param mode {@code rewrite} (new wording of a word problem, same numbers), {@code explain} (same question, the
 *     teacher's own worked solution) or {@code story}
 * @param question the seed's question (rewrite, explain), or null for stories
 * @param answer the computed answer the reply must end with, or null for stories
 * @param ending the sentence the teacher is told to end with (it ends with {@code answer})
 * @param words words a story must use
 * @param body the JSON request body (also the cache key's source)
 * @param instruction a short, human-readable instruction for an {@code Instruct:} prompt (stories)
 */
record TeacherTask(long item, Lesson seed, String mode, String question, String answer, String ending,
                   List<String> words, String body, String instruction) {
}
