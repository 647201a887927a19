// Package team models the self-managing neighbourhood team: its members and
// their qualification levels, the roles members take on, coaches, hiring and
// leaving, splitting a team that has grown too big, and the transparent
// productivity figures every team sees of itself and of the others.
package team
