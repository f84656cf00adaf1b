SELECT ev_data FROM pgq.get_batch_events(?)
