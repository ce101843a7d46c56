//! The embeddable diagnostic widget. Filled by the widget issue; for now it
//! only proves that the domain engine links into a cdylib.

/// Number of scored questions, so the engine is linked in.
#[no_mangle]
pub extern "C" fn tpe_question_count() -> usize {
    tpe_shared::questionnaire::Questionnaire::embedded()
        .dimensions
        .iter()
        .map(|d| d.questions.len())
        .sum()
}
