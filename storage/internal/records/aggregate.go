package records

// snapshotted is the record form of an aggregate stored as its domain
// snapshot: encoding refuses a snapshot that its Restore function refuses
// (so nothing is stored that could not be read back), and decoding ends in
// that Restore function.
type snapshotted[T any, S any] struct {
	entity   string // the aggregate's name in errors, e.g. "care plan"
	key      string // the record's key, e.g. "careplan"
	snapshot func(T) S
	restore  func(S) (T, error)
}

func (a snapshotted[T, S]) encode(v T) ([]byte, error) {
	s := a.snapshot(v)
	if _, err := a.restore(s); err != nil {
		return nil, unfit(a.entity, err)
	}
	return encode(a.key, s)
}

func (a snapshotted[T, S]) decode(data []byte) (T, error) {
	var s S
	var zero T
	if _, err := decode(a.entity, a.key, data, &s); err != nil {
		return zero, err
	}
	v, err := a.restore(s)
	if err != nil {
		return zero, corrupt(a.entity, err)
	}
	return v, nil
}
