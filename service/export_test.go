package service

// WithoutAccessLog turns the access log off, for the benchmark that
// measures what the log costs. Tests only: a vendor cannot turn it off.
func WithoutAccessLog() Option { return func(s *Service) { s.noAccessLog = true } }
