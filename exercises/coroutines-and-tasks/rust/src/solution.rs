//! One answer. Try the starter before reading it.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::oneshot;

use crate::{Sensor, SensorError};

type Outcome = Result<f64, SensorError>;

pub async fn read(sensor: &Sensor) -> Result<f64, SensorError> {
    let (sender, receiver) = oneshot::channel();
    // Either callback may be the one that answers, so both share the sender.
    let on_reading_sender = Arc::new(Mutex::new(Some(sender)));
    let on_error_sender = Arc::clone(&on_reading_sender);
    sensor.request(
        move |value| settle(&on_reading_sender, Ok(value)),
        move |error| settle(&on_error_sender, Err(error)),
    );
    // Wakes the moment a callback sends: no polling, no delay.
    receiver
        .await
        .expect("the sensor always calls one of its callbacks")
}

fn settle(sender: &Mutex<Option<oneshot::Sender<Outcome>>>, outcome: Outcome) {
    let sender = sender.lock().unwrap_or_else(PoisonError::into_inner).take();
    if let Some(sender) = sender {
        // send fails only if the reader gave up and dropped the receiver:
        // then nobody wants the answer, and ignoring it is right.
        let _ = sender.send(outcome);
    }
}
