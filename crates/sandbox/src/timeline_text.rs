//! The timeline as plain text, for the CLI's `--timeline` and screen readers.

use crate::TimelineEvent;

/// One row per task or thread, in order of first appearance, listing the spans
/// it spent in each state. Zero-length spans are left out; a final state
/// (done, cancelled, failed) is shown with the moment it was reached.
pub fn render(events: &[TimelineEvent]) -> String {
    let mut rows: Vec<(&str, Vec<&TimelineEvent>)> = Vec::new();
    for event in events {
        match rows.iter_mut().find(|(name, _)| *name == event.task) {
            Some((_, row)) => row.push(event),
            None => rows.push((&event.task, vec![event])),
        }
    }
    let mut text = String::from("Timeline (virtual seconds)\n");
    for (name, row) in rows {
        let label = row.iter().find_map(|event| event.label.as_deref());
        let kind = row.iter().find_map(|event| event.kind.as_deref());
        text.push_str(name);
        match (label, kind) {
            (Some(label), _) => text.push_str(&format!("  {label}()")),
            (None, Some(kind)) => text.push_str(&format!("  ({kind})")),
            (None, None) => {}
        }
        text.push('\n');
        for (index, event) in row.iter().enumerate() {
            let state = describe(event);
            match row.get(index + 1) {
                Some(next) if next.t > event.t => {
                    text.push_str(&format!("  {:.3}–{:.3}  {state}\n", event.t, next.t));
                }
                Some(_) => {}
                None => text.push_str(&format!("  {:.3}        {state}\n", event.t)),
            }
        }
    }
    text
}

fn describe(event: &TimelineEvent) -> String {
    match &event.call {
        Some(call) => format!("{} in {call}", event.state),
        None => event.state.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(t: f64, task: &str, state: &str) -> TimelineEvent {
        TimelineEvent {
            t,
            task: task.into(),
            state: state.into(),
            ..TimelineEvent::default()
        }
    }

    #[test]
    fn rows_list_nonempty_spans_and_the_final_state() {
        let events = [
            TimelineEvent {
                label: Some("main".into()),
                ..event(0.0, "Task-1", "created")
            },
            event(0.0, "Task-1", "running"),
            TimelineEvent {
                call: Some("time.sleep".into()),
                ..event(0.0, "Task-1", "blocked")
            },
            event(1.0, "Task-1", "running"),
            event(1.0, "Task-1", "done"),
        ];
        assert_eq!(
            render(&events),
            "Timeline (virtual seconds)\nTask-1  main()\n  0.000–1.000  blocked in time.sleep\n  1.000        done\n"
        );
    }
}
